import { z } from "zod";
import { Postures } from "./posture.js";

/**
 * `posture.json`: what a later `rootward report --previous` needs of this one — the posture of
 * every account, its credential identifiers, the exceptions in force, and the trend so far (so
 * one earlier pack carries the whole history forward). Read back with a permissive-where-harmless,
 * strict-where-it-matters schema: it may come from an artifact anyone with write access replaced.
 */
export const POSTURE_RECORD_KIND = "rootward-posture";
export const POSTURE_RECORD_VERSION = 1;

const PostureEnum = z.enum(Postures);

export const TrendPoint = z.object({
  at: z.string().datetime({ offset: true }),
  compliant: z.number().int().nonnegative(),
  excepted: z.number().int().nonnegative(),
  drift: z.number().int().nonnegative(),
  notVerified: z.number().int().nonnegative(),
  unmanaged: z.number().int().nonnegative(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

export const RecordedAccount = z.object({
  id: z.string(),
  name: z.string(),
  posture: PostureEnum,
  exception: z.string().optional(),
  /** `password`, `access-key:ID`, `mfa:SERIAL`, `signing-certificate:ID`; null when not verified. */
  credentials: z.array(z.string()).nullable(),
});
export type RecordedAccount = z.infer<typeof RecordedAccount>;

export const RecordedException = z.object({
  name: z.string(),
  expires: z.string().optional(),
  expired: z.boolean(),
});
export type RecordedException = z.infer<typeof RecordedException>;

export const PostureRecord = z.object({
  kind: z.literal(POSTURE_RECORD_KIND),
  version: z.literal(POSTURE_RECORD_VERSION),
  auditGeneratedAt: z.string().datetime({ offset: true }),
  organizationId: z.string(),
  desiredStateDigest: z.string(),
  commit: z.string().optional(),
  accounts: z.array(RecordedAccount),
  exceptions: z.array(RecordedException),
  trend: z.array(TrendPoint),
});
export type PostureRecord = z.infer<typeof PostureRecord>;

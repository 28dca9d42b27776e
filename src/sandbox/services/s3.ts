import { accessDenied, SandboxError } from "../errors.js";
import type { Bucket } from "../model.js";
import type { CallContext, OperationTable } from "../operation.js";
import { escapeXml, isoTime } from "../xml.js";

/** A REST request after routing: bucket from the path (or virtual host), sub-resource from the query. */
export type S3Input = { bucket: string | undefined; body: string };
export type S3Output = { status: number; body: string; contentType?: string };

/** Maps the REST request to an operation name; `undefined` for what the sandbox does not serve. */
export function s3Operation(
  method: string,
  bucket: string | undefined,
  query: URLSearchParams,
): string | undefined {
  if (!bucket) return method === "GET" ? "ListBuckets" : undefined;
  if (!query.has("policy")) return undefined;
  if (method === "GET") return "GetBucketPolicy";
  if (method === "PUT") return "PutBucketPolicy";
  if (method === "DELETE") return "DeleteBucketPolicy";
  return undefined;
}

function bucketResource(input: S3Input, context: CallContext) {
  const bucket = input.bucket ? context.org.buckets.get(input.bucket) : undefined;
  return { arn: `arn:aws:s3:::${input.bucket ?? "*"}`, ...(bucket ? { account: bucket.account } : {}) };
}

/**
 * "The root user of the account that owns the bucket can always perform GetBucketPolicy,
 * PutBucketPolicy and DeleteBucketPolicy, even if the policy denies it" (S3 User Guide, bucket
 * policies) — the reason the S3UnlockBucketPolicy task exists. The sandbox serves that path only:
 * its static callers are denied, as the locking policy would deny them.
 */
function ownedBucket(input: S3Input, context: CallContext, action: string): Bucket {
  const bucket = input.bucket ? context.org.buckets.get(input.bucket) : undefined;
  if (!bucket) {
    throw new SandboxError("NoSuchBucket", "The specified bucket does not exist", 404, {
      fields: { BucketName: input.bucket ?? "" },
    });
  }
  const { caller } = context;
  if (caller.kind !== "root-session" || bucket.account !== caller.accountId) {
    throw accessDenied(
      "s3",
      `User: ${caller.arn} is not authorized to perform: ${action} on resource: "arn:aws:s3:::${bucket.name}" with an explicit deny in a resource-based policy`,
    );
  }
  return bucket;
}

export const S3_OPERATIONS: OperationTable<S3Input, S3Output> = {
  ListBuckets: {
    action: "s3:ListAllMyBuckets",
    handle(_input, context) {
      const owned = [...context.org.buckets.values()].filter(
        (bucket) => bucket.account === context.caller.accountId,
      );
      const buckets = owned
        .map(
          (bucket) =>
            `<Bucket><Name>${escapeXml(bucket.name)}</Name><CreationDate>${isoTime(bucket.created)}</CreationDate></Bucket>`,
        )
        .join("");
      return {
        status: 200,
        contentType: "application/xml",
        body: `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>${context.caller.accountId}</ID></Owner><Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
      };
    },
  },

  // The policy document is the raw response body (S3 API reference, GetBucketPolicy).
  GetBucketPolicy: {
    action: "s3:GetBucketPolicy",
    resource: bucketResource,
    handle(input, context) {
      const bucket = ownedBucket(input, context, "s3:GetBucketPolicy");
      if (bucket.policy === undefined) {
        throw new SandboxError("NoSuchBucketPolicy", "The bucket policy does not exist", 404, {
          fields: { BucketName: bucket.name },
        });
      }
      return { status: 200, contentType: "application/json", body: bucket.policy };
    },
  },

  PutBucketPolicy: {
    action: "s3:PutBucketPolicy",
    resource: bucketResource,
    handle(input, context) {
      const bucket = ownedBucket(input, context, "s3:PutBucketPolicy");
      try {
        JSON.parse(input.body);
      } catch {
        throw new SandboxError(
          "MalformedPolicy",
          "Policies must be valid JSON and the first byte must be '{'",
          400,
        );
      }
      bucket.policy = input.body;
      return { status: 204, body: "" };
    },
  },

  DeleteBucketPolicy: {
    action: "s3:DeleteBucketPolicy",
    resource: bucketResource,
    handle(input, context) {
      const bucket = ownedBucket(input, context, "s3:DeleteBucketPolicy");
      delete bucket.policy;
      return { status: 204, body: "" };
    },
  },
};

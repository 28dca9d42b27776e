import { decide } from "../scp/decide.js";
import type { ScpContext } from "../scp/evaluate.js";
import type { Caller } from "./identity.js";

/** Why a configured caller's own policies refuse a request, or undefined when they allow it. */
export type IdentityDenial = { explicit: boolean; message: string };

/**
 * Evaluates a request of a configured caller against its identity-based policies: an explicit
 * Deny wins, else an Allow is needed, else the request is implicitly denied (IAM User Guide,
 * "Policy evaluation logic"). The messages are the ones the IAM User Guide shows for these two
 * cases ("Troubleshoot access denied error messages"): `User: <arn> is not authorized to perform:
 * <action> on resource: <resource> because no identity-based policy allows the <action> action`,
 * or `… with an explicit deny in an identity-based policy`. Static keys, callers without
 * policies and root sessions (limited by their task policy instead) are not evaluated here.
 */
export function identityPolicyDenial(caller: Caller, context: ScpContext): IdentityDenial | undefined {
  if (caller.kind !== "role" || caller.identity.policies === undefined) return undefined;
  const decision = decide(caller.identity.policies, context);
  const prefix = `User: ${caller.arn} is not authorized to perform: ${context.action} on resource: ${context.resource}`;
  switch (decision.decision) {
    case "allow":
      return undefined;
    case "explicit-deny":
      return { explicit: true, message: `${prefix} with an explicit deny in an identity-based policy` };
    case "implicit-deny":
      return {
        explicit: false,
        message: `${prefix} because no identity-based policy allows the ${context.action} action`,
      };
  }
}

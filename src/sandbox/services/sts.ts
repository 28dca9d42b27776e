import { accessDenied, validationError } from "../errors.js";
import { isIamDelegatedAdmin } from "../identity.js";
import { rootArnOf } from "../model.js";
import type { CallContext, OperationTable } from "../operation.js";
import { type RootTask, TASK_POLICIES, taskFromArn } from "../task-policies.js";
import type { XmlObject } from "../xml.js";
import { isoTime } from "../xml.js";

/** AssumeRoot "DurationSeconds … 0–900, default 900" (STS API reference, AssumeRoot). */
export const MAX_ROOT_SESSION_SECONDS = 900;

const TARGET = /^(?:arn:aws:iam::)?(\d{12})(?::root)?$/;

function targetOf(input: URLSearchParams): string | undefined {
  return TARGET.exec(input.get("TargetPrincipal") ?? "")?.[1];
}

export const STS_OPERATIONS: OperationTable<URLSearchParams, XmlObject | undefined> = {
  GetCallerIdentity: {
    action: null,
    handle(_input, { caller }) {
      return {
        GetCallerIdentityResult: { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn },
      };
    },
  },

  // Resource: the target's root user, `arn:aws:iam::<account>:root`; condition key
  // sts:TaskPolicyArn (Service Authorization Reference, AWS STS: AssumeRoot).
  AssumeRoot: {
    action: "sts:AssumeRoot",
    resource(input) {
      const target = targetOf(input);
      return target ? { arn: rootArnOf(target), account: target } : { arn: "*" };
    },
    requestKeys: (input) => ({ "sts:TaskPolicyArn": input.get("TaskPolicyArn.arn") ?? undefined }),
    logFields(input) {
      const target = targetOf(input);
      const task = input.get("TaskPolicyArn.arn");
      return { ...(target ? { targetAccount: target } : {}), ...(task ? { taskPolicy: task } : {}) };
    },
    handle(input, context) {
      const { caller, org } = context;
      const target = targetOf(input);
      const requestedTask = input.get("TaskPolicyArn.arn");
      const task = taskFromArn(requestedTask ?? "");
      const resource = rootArnOf(target ?? "*");
      // "You must use credentials from an Organizations management account or a delegated
      // administrator account for IAM to call AssumeRoot" (STS API reference).
      if (caller.accountId !== org.managementAccountId && !isIamDelegatedAdmin(org, caller.accountId)) {
        throw accessDenied(
          "sts",
          `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} because no identity-based policy allows the sts:AssumeRoot action`,
        );
      }
      const duration = durationOf(input);
      if (!target) {
        throw validationError(
          `1 validation error detected: Value '${input.get("TargetPrincipal") ?? ""}' at 'targetPrincipal' failed to satisfy constraint: Member must be a member account id or its root principal ARN`,
        );
      }
      if (!task) {
        throw validationError(
          `The TaskPolicyArn ${input.get("TaskPolicyArn.arn") ?? "(missing)"} is not one of the root-task policies arn:aws:iam::aws:policy/root-task/{${Object.keys(TASK_POLICIES).join(",")}}.`,
        );
      }
      requireFeature(context, task);
      requireTarget(context, target, resource);
      const session = context.identities.issue({
        accountId: target,
        task,
        durationSeconds: duration,
        callerAccountId: caller.accountId,
        issuedBy: caller.name,
        now: context.now,
      });
      return {
        AssumeRootResult: {
          Credentials: {
            AccessKeyId: session.accessKeyId,
            SecretAccessKey: session.secretAccessKey,
            SessionToken: session.sessionToken,
            Expiration: isoTime(session.expires),
          },
        },
      };
    },
  },
};

function durationOf(input: URLSearchParams): number {
  const text = input.get("DurationSeconds");
  if (text === null) return MAX_ROOT_SESSION_SECONDS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > MAX_ROOT_SESSION_SECONDS) {
    throw validationError(
      `1 validation error detected: Value '${text}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${MAX_ROOT_SESSION_SECONDS}`,
    );
  }
  return value;
}

/**
 * The IAM tasks need RootCredentialsManagement, the unlock tasks RootSessions; both need trusted
 * access for IAM. Messages as reported by users of the feature (aws-api.md §2.3, unverified).
 */
function requireFeature({ org }: CallContext, task: RootTask): void {
  const feature = TASK_POLICIES[task].feature;
  const trusted = org.trustedServices.has("iam.amazonaws.com");
  if (!trusted || (feature === "RootCredentialsManagement" && !org.features.has(feature))) {
    throw accessDenied("sts", "Service not enabled for AWS Organizations.");
  }
  if (!org.features.has(feature)) {
    throw accessDenied("sts", "Root sessions feature is not enabled for your AWS Organization.");
  }
}

/** Only ACTIVE member accounts; the management account's own root is out of scope (Security Blog 2024-11-22). */
function requireTarget({ org, caller }: CallContext, target: string, resource: string): void {
  const account = org.accountsById.get(target);
  const reason =
    target === org.managementAccountId
      ? "the target is the organization's management account; AssumeRoot targets member accounts only"
      : !account
        ? "the target account is not a member of the organization"
        : account.state !== "ACTIVE"
          ? `the target account is ${account.state}`
          : undefined;
  if (reason) {
    throw accessDenied(
      "sts",
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: ${resource} (${reason})`,
    );
  }
}

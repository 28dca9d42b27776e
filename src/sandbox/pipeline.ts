import type { CallLog, CallRecord } from "./call-log.js";
import { accessDenied, expiredToken, invalidToken, SandboxError, unknownOperation } from "./errors.js";
import type { IdentityStore } from "./identity.js";
import { identityPolicyDenial } from "./identity-policy.js";
import type { Organization } from "./model.js";
import type { CallContext, PageSizes, RequestKeys, ResourceRef } from "./operation.js";
import type { BoundOperation, Call } from "./routing.js";
import { type ScpContext, scpDenial } from "./scp.js";
import { policyArn } from "./services/organizations-shapes.js";
import { taskArn, taskPolicyDenies } from "./task-policies.js";
import type { HttpAnswer } from "./wire.js";

/** The mutable world one sandbox serves; `org` is replaced on reset. */
export type SandboxRuntime = {
  org: Organization;
  identities: IdentityStore;
  log: CallLog;
  now(): number;
  baseUrl: string;
  pageSize: PageSizes;
};

export type Credentials = { accessKeyId: string; sessionToken: string | undefined };

/** Identify → authorize (identity policy, task policy, SCPs) → handle, logging one record per call. */
export function executeCall(
  call: Call,
  credentials: Credentials,
  runtime: SandboxRuntime,
  received: number,
): HttpAnswer {
  const now = runtime.now();
  const record: Omit<CallRecord, "seq" | "answered"> = {
    time: new Date(now).toISOString(),
    received,
    service: call.service,
    operation: call.operation,
    outcome: "ok",
    status: 200,
  };
  let answer: HttpAnswer;
  try {
    const identified = runtime.identities.identify(
      runtime.org,
      credentials.accessKeyId,
      credentials.sessionToken,
      now,
    );
    if ("problem" in identified) {
      throw identified.problem === "expired" ? expiredToken(call.service) : invalidToken(call.service);
    }
    const { caller } = identified;
    record.account = caller.accountId;
    record.caller = caller.kind;
    record.callerName = caller.name;
    if (caller.kind === "root-session") record.taskPolicy = taskArn(caller.session.task);
    if (!call.bound) throw unknownOperation(call.service, call.operation);
    const context: CallContext = {
      service: call.service,
      operation: call.operation,
      org: runtime.org,
      caller,
      now,
      identities: runtime.identities,
      baseUrl: runtime.baseUrl,
      pageSize: runtime.pageSize,
    };
    Object.assign(record, call.bound.logFields());
    const denial = authorize(call.bound, context);
    if (denial) {
      record.deniedBy = denial.by;
      throw denial.error;
    }
    answer = call.bound.run(context);
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    answer = call.fail(error);
    record.outcome = error.code.slice(error.code.indexOf("#") + 1);
  }
  record.status = answer.status;
  runtime.log.add(record);
  return answer;
}

type Denial = { by: NonNullable<CallRecord["deniedBy"]>; error: SandboxError };

/**
 * The sandbox's share of IAM's policy evaluation. Explicit denies come first, as in AWS's order
 * ("Policy evaluation logic": deny evaluation over all policies, then Organizations SCPs, then
 * identity-based policies): a configured caller's Deny statements, a root session's task policy
 * (an identity-based policy of the session), the SCPs on the account's path; then the configured
 * caller's Allow. "Service control policies … remain effective during the root sessions" (AWS
 * Security Blog, 2024-11-22). Inside a root session `aws:PrincipalArn` is the member account's
 * root and `aws:AssumedRoot` is "true" (aws-samples/service-control-policy-examples).
 */
function authorize(bound: BoundOperation, context: CallContext): Denial | undefined {
  const action = bound.action;
  if (action === null) return undefined;
  const { caller, org } = context;
  const resource = bound.resource(context);
  const request = requestContext(context, action, resource, bound.requestKeys());
  const identity = identityPolicyDenial(caller, request);
  if (identity?.explicit)
    return { by: "identity-policy", error: accessDenied(context.service, identity.message) };
  if (caller.kind === "root-session") {
    const denied = taskPolicyDenies(caller.session.task, {
      action,
      resource: resource.arn,
      resourceAccount: resource.account,
      sessionAccount: caller.accountId,
    });
    if (denied) {
      const message = `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource.arn} with an explicit deny in an identity-based policy`;
      return { by: "task-policy", error: accessDenied(context.service, message) };
    }
  }
  const policy = scpDenial(org, caller.accountId, request);
  if (policy) {
    const message = `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource.arn} with an explicit deny in a service control policy: ${policyArn(org, policy)}`;
    return { by: "scp", error: accessDenied(context.service, message) };
  }
  if (identity) return { by: "identity-policy", error: accessDenied(context.service, identity.message) };
  return undefined;
}

/** The request context policies are evaluated against; keys in lower case (IAM keys are case-insensitive). */
function requestContext(
  { caller, org }: CallContext,
  action: string,
  resource: ResourceRef,
  requestKeys: RequestKeys,
): ScpContext {
  const keys: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(requestKeys)) keys[key.toLowerCase()] = value;
  return {
    action,
    resource: resource.arn,
    keys: {
      ...keys,
      "aws:principalarn": caller.principalArn,
      "aws:principalaccount": caller.accountId,
      "aws:principalorgid": org.id,
      "aws:assumedroot": caller.kind === "root-session" ? "true" : undefined,
      "aws:resourceaccount": resource.account,
    },
  };
}

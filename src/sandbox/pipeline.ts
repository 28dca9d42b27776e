import type { CallLog, CallRecord } from "./call-log.js";
import { accessDenied, expiredToken, invalidToken, SandboxError, unknownOperation } from "./errors.js";
import type { IdentityStore } from "./identity.js";
import { type Organization, rootArnOf } from "./model.js";
import type { CallContext, PageSizes } from "./operation.js";
import type { BoundOperation, Call } from "./routing.js";
import { scpDenial } from "./scp.js";
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

/** Identify → authorize (task policy, SCPs) → handle, logging one record per call. */
export function executeCall(call: Call, credentials: Credentials, runtime: SandboxRuntime): HttpAnswer {
  const now = runtime.now();
  const record: Omit<CallRecord, "seq"> = {
    time: new Date(now).toISOString(),
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
      note(fields) {
        if (fields.targetAccount !== undefined) record.targetAccount = fields.targetAccount;
        if (fields.taskPolicy !== undefined) record.taskPolicy = fields.taskPolicy;
      },
    };
    authorize(call.bound, context);
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

/**
 * Explicit denies, as AWS evaluates them for a root session: the task policy (an identity-based
 * policy of the session) and the SCPs on the account's path. "Service control policies … remain
 * effective during the root sessions" (AWS Security Blog, 2024-11-22). Inside a root session
 * `aws:PrincipalArn` is the member account's root and `aws:AssumedRoot` is "true"
 * (aws-samples/service-control-policy-examples, root-sessions SCP).
 */
function authorize(bound: BoundOperation, context: CallContext): void {
  const action = bound.action;
  if (action === null) return;
  const { caller, org } = context;
  const resource = bound.resource(context);
  if (caller.kind === "root-session") {
    const denied = taskPolicyDenies(caller.session.task, {
      action,
      resource: resource.arn,
      resourceAccount: resource.account,
      sessionAccount: caller.accountId,
    });
    if (denied) {
      throw accessDenied(
        context.service,
        `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource.arn} with an explicit deny in an identity-based policy`,
      );
    }
  }
  const isSession = caller.kind === "root-session";
  const policy = scpDenial(org, caller.accountId, {
    action,
    resource: resource.arn,
    keys: {
      "aws:principalarn": isSession ? rootArnOf(caller.accountId) : caller.arn,
      "aws:principalaccount": caller.accountId,
      "aws:principalorgid": org.id,
      "aws:assumedroot": isSession ? "true" : undefined,
      "aws:resourceaccount": resource.account,
    },
  });
  if (policy) {
    throw accessDenied(
      context.service,
      `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource.arn} with an explicit deny in a service control policy: ${policyArn(org, policy)}`,
    );
  }
}

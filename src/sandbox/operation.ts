import type { CallRecord } from "./call-log.js";
import type { ServiceName } from "./errors.js";
import type { Caller, IdentityStore } from "./identity.js";
import type { Organization } from "./model.js";

/** Everything a handler may read or change for one call. */
export type CallContext = {
  service: ServiceName;
  operation: string;
  org: Organization;
  caller: Caller;
  /** The sandbox clock, epoch milliseconds. */
  now: number;
  identities: IdentityStore;
  /** The sandbox's own origin (`http://127.0.0.1:PORT`), for SQS queue URLs. */
  baseUrl: string;
  pageSize: PageSizes;
};

export type PageSizes = { organizations: number; iam: number; sqs: number };

/** The resource a request acts on, for task-policy and SCP evaluation. */
export type ResourceRef = { arn: string; account?: string };

export type Operation<Input, Output> = {
  /**
   * The IAM action (`iam:GetUser`); `null` for operations AWS authorizes without a policy
   * (`sts:GetCallerIdentity`: "No permissions are required", STS API reference).
   */
  action: string | null;
  resource?(input: Input, context: CallContext): ResourceRef;
  /**
   * Service-specific condition keys of the request (`sts:TaskPolicyArn`,
   * `organizations:ServicePrincipal`), in any case: IAM condition keys are case-insensitive.
   */
  requestKeys?(input: Input): RequestKeys;
  /** What the call log records about the request (AssumeRoot's target and task), denied or not. */
  logFields?(input: Input): LogFields;
  handle(input: Input, context: CallContext): Output;
};

export type RequestKeys = Readonly<Record<string, string | undefined>>;
export type LogFields = Pick<CallRecord, "targetAccount" | "taskPolicy">;

/** Decoded input and output of the AWS JSON protocols (Organizations, SQS). */
export type JsonInput = Readonly<Record<string, unknown>>;
export type JsonOutput = Record<string, unknown>;

export type OperationTable<Input, Output> = Readonly<Record<string, Operation<Input, Output>>>;

import { readCaller } from "../aws/caller.js";
import type { AwsClients } from "../aws/clients.js";
import { awsFailure, hasCode, settle } from "../aws/errors.js";
import {
  type DiscoveredAccount,
  describeOrganization,
  type OrganizationInfo,
  rootAccessFeatures,
  trustedAccessEnabled,
  walkOrganization,
} from "../aws/organization.js";
import { credentialPresence } from "../aws/root-credentials.js";
import { assumeRoot } from "../aws/root-session.js";
import { serviceControlPolicies } from "../aws/service-control-policies.js";
import { classifyFailure, type FailureKind } from "../classify-failure.js";
import type { DesiredState } from "../desired/index.js";
import { byText } from "../order.js";
import { type CallerStanding, callerStanding } from "../plan/caller.js";
import { callerActionsCheck, featuresCheck, passwordRecoveryCheck } from "./feature-checks.js";
import type { DoctorCheck, DoctorReport } from "./model.js";
import { scpCheck, scpUnreadCheck, trustedAccessCheck } from "./read-checks.js";
import { analyzeScps } from "./scp-analysis.js";

export type DoctorEnvironment = {
  region: string;
  /** Where the STS client sends AssumeRoot, as the SDK resolves it (AwsClients.stsEndpoint). */
  stsEndpoint: string;
  /** Read only to warn that rootward (AWS SDK v3) ignores it. */
  stsRegionalEndpoints: string | undefined;
};

/**
 * The preflight: every reason AssumeRoot-based work fails before it starts, checked in order,
 * each with its fix. Later checks are skipped when an earlier one makes them meaningless.
 */
export async function runDoctor(
  clients: AwsClients,
  desired: DesiredState | undefined,
  environment: DoctorEnvironment,
  now: Date = new Date(),
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add = (check: DoctorCheck) => checks.push(check);
  // First: on the global endpoint AssumeRoot fails whatever else is right.
  add(stsEndpointCheck(environment));
  if (checks.some((check) => check.status === "failure")) return { checks, scp: [] };

  let organization: OrganizationInfo | undefined;
  let standing: CallerStanding;
  try {
    const caller = await readCaller(clients.sts);
    organization = await describeOrganization(clients.organizations);
    standing = callerStanding(caller, organization.managementAccountId);
    add(await callerCheck(clients, caller.accountId, caller.arn, organization));
    if (checks.some((check) => check.status === "failure")) return { checks, scp: [] };
  } catch (error) {
    add(callerFailure(error));
    return { checks, scp: [] };
  }
  // A mismatch fails doctor, and the later checks still describe the organization reached.
  const matches = organizationCheck(organization.id, desired);
  if (matches) add(matches);
  try {
    return await organizationChecks(clients, organization, { desired, standing, now }, checks);
  } catch (error) {
    const classified = classifyFailure(error);
    if (classified && ENDPOINT_KINDS.has(classified.kind)) {
      add(callerFailure(error));
      return { checks, scp: [] };
    }
    const failure = awsFailure(error);
    add({
      id: checks.some((check) => check.id === "trusted-access") ? "scp" : "trusted-access",
      title: "Reading the organization",
      status: "failure",
      detail: classified?.message ?? `${failure.code}: ${failure.message}`,
      fix:
        classified?.kind === "access-denied"
          ? classified.hint
          : "grant the caller organizations:Describe*/List* and iam:ListOrganizationsFeatures (rootward iam-policy plan)",
    });
    return { checks, scp: [] };
  }
}

/**
 * Why the caller and the organization could not be read. An endpoint that does not answer is
 * not a credentials problem, and the check says so (classify-failure.ts decides which it is).
 */
function callerFailure(error: unknown): DoctorCheck {
  const classified = classifyFailure(error);
  const failure = awsFailure(error);
  if (classified && ENDPOINT_KINDS.has(classified.kind)) {
    return {
      id: "endpoint",
      title: "AWS endpoint answers",
      status: "failure",
      detail: classified.message,
      fix: classified.hint,
    };
  }
  return {
    id: "credentials",
    title: "AWS credentials",
    status: "failure",
    detail: classified?.message ?? `${failure.code}: ${failure.message}`,
    fix:
      classified?.hint ??
      "configure credentials of the management account or the IAM delegated administrator (AWS_PROFILE, or GitHub OIDC)",
  };
}

const ENDPOINT_KINDS: ReadonlySet<FailureKind> = new Set(["timeout", "unreachable", "tls"]);

/** The desired state describes one organization; credentials for another are the first thing to fix. */
function organizationCheck(
  organizationId: string,
  desired: DesiredState | undefined,
): DoctorCheck | undefined {
  if (!desired) return undefined;
  const title = "Organization matches the desired state";
  if (organizationId === desired.organization.id)
    return { id: "organization", title, status: "ok", detail: organizationId };
  return {
    id: "organization",
    title,
    status: "failure",
    detail: `the credentials reach organization ${organizationId}, but the desired state is for ${desired.organization.id}`,
    fix: "use credentials of that organization's management account or IAM delegated administrator (AWS_PROFILE), or fix organization.id in the RootAccessPolicy file",
  };
}

async function organizationChecks(
  clients: AwsClients,
  organization: OrganizationInfo,
  context: { desired: DesiredState | undefined; standing: CallerStanding; now: Date },
  checks: DoctorCheck[],
): Promise<DoctorReport> {
  const { desired, standing, now } = context;
  const add = (check: DoctorCheck) => checks.push(check);
  add(
    organization.featureSet === "ALL"
      ? {
          id: "all-features",
          title: "Organizations all-features mode",
          status: "ok",
          detail: "feature set ALL",
        }
      : {
          id: "all-features",
          title: "Organizations all-features mode",
          status: "failure",
          detail: `feature set ${organization.featureSet}`,
          fix: "enable all features in AWS Organizations (console → Settings); centralized root access needs it",
        },
  );
  const trusted = await settle(trustedAccessEnabled(clients.organizations));
  add(trustedAccessCheck(trusted));
  // Unknown trusted access is not taken for "off": ListOrganizationsFeatures answers
  // ServiceAccessNotEnabled by itself when it is off (rootAccessFeatures reads that as both off).
  const features =
    "value" in trusted && !trusted.value
      ? { rootCredentialsManagement: false, rootSessions: false }
      : await rootAccessFeatures(clients.iam);
  add(featuresCheck(features, desired));
  // Unread trusted access is never acted on (src/plan/feature-plan.ts), so it is never "needed" here.
  const live = { trustedAccess: "value" in trusted ? trusted.value : false, ...features };
  const unread = "failure" in trusted ? { trustedAccess: trusted.failure } : {};
  add(callerActionsCheck(standing, live, desired, unread));
  add(passwordRecoveryCheck(desired, live, standing, now));

  const members: DiscoveredAccount[] = [];
  const tree = await walkOrganization(clients.organizations, (account) => {
    if (account.id !== organization.managementAccountId && account.state === "ACTIVE") members.push(account);
  });
  members.sort(byText((account) => account.id));
  add(await sessionCheck(clients, members[0], features.rootCredentialsManagement));
  if (!tree.scpEnabled) {
    add(scpCheck([], false));
    return { checks, scp: [] };
  }
  const policies = await settle(serviceControlPolicies(clients.organizations));
  if ("failure" in policies) {
    add(scpUnreadCheck(policies.failure));
    return { checks, scp: [] };
  }
  const scp = analyzeScps(policies.value, tree.organizationalUnits, tree.rootId, tree.rootName);
  add(scpCheck(scp, true));
  return { checks, scp };
}

async function callerCheck(
  clients: AwsClients,
  account: string,
  arn: string,
  organization: OrganizationInfo,
): Promise<DoctorCheck> {
  const title = "Caller is the management account or the IAM delegated administrator";
  if (account === organization.managementAccountId) {
    return {
      id: "credentials",
      title,
      status: "ok",
      detail: `${arn} in management account ${account} of ${organization.id}`,
    };
  }
  try {
    await rootAccessFeatures(clients.iam);
    return {
      id: "credentials",
      title,
      status: "ok",
      detail: `${arn}: IAM delegated administrator ${account} of ${organization.id}`,
    };
  } catch (error) {
    const fix =
      "run rootward with credentials of the management account, or register this account as IAM delegated administrator (organizations register-delegated-administrator --service-principal iam.amazonaws.com)";
    if (hasCode(error, "AccountNotManagementOrDelegatedAdministrator")) {
      return {
        id: "credentials",
        title,
        status: "failure",
        detail: `${arn}: account ${account} is a plain member of ${organization.id}`,
        fix,
      };
    }
    const failure = awsFailure(error);
    return {
      id: "credentials",
      title,
      status: "warning",
      detail: `${arn}: could not confirm the delegation (${failure.code}: ${failure.message})`,
      fix,
    };
  }
}

/**
 * AssumeRoot is refused on the global endpoint: "The STS global endpoint is not supported for
 * AssumeRoot. You must send this request to a Regional STS endpoint" (STS API reference). The
 * endpoint checked is the one the SDK resolves for rootward's own STS client.
 */
export function stsEndpointCheck(environment: DoctorEnvironment): DoctorCheck {
  const title = "Regional STS endpoint";
  const host = hostOf(environment.stsEndpoint);
  if (host === "sts.amazonaws.com") {
    return {
      id: "sts-endpoint",
      title,
      status: "failure",
      detail: `STS calls go to the global endpoint ${environment.stsEndpoint}; AWS rejects AssumeRoot there`,
      fix: `set AWS_REGION to a real region (not aws-global) and unset AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL if they name sts.amazonaws.com (rootward then uses sts.${environment.region}.amazonaws.com)`,
    };
  }
  const ignored =
    environment.stsRegionalEndpoints === "legacy"
      ? "; AWS_STS_REGIONAL_ENDPOINTS=legacy is set, which rootward (AWS SDK v3) ignores, but the AWS CLI v1 and older boto3 send AssumeRoot to the global endpoint with it"
      : "";
  return {
    id: "sts-endpoint",
    title,
    status: ignored ? "warning" : "ok",
    detail: `${environment.stsEndpoint}${ignored}`,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

async function sessionCheck(
  clients: AwsClients,
  sample: DiscoveredAccount | undefined,
  enabled: boolean,
): Promise<DoctorCheck> {
  const title = "An AssumeRoot audit session works";
  if (!enabled)
    return { id: "audit-session", title, status: "skipped", detail: "root credentials management is off" };
  if (!sample)
    return { id: "audit-session", title, status: "skipped", detail: "no ACTIVE member account to try" };
  try {
    const credentials = await assumeRoot(clients.sts, sample.id, "IAMAuditRootUserCredentials");
    await credentialPresence(clients.iamForSession(credentials));
    return {
      id: "audit-session",
      title,
      status: "ok",
      detail: `IAMAuditRootUserCredentials session on ${sample.id} (${sample.name}) read GetAccountSummary`,
    };
  } catch (error) {
    const failure = awsFailure(error);
    const scp = /service control policy/i.test(failure.message);
    return {
      id: "audit-session",
      title,
      status: "failure",
      detail: `on ${sample.id} (${sample.name}): ${failure.code}: ${failure.message}`,
      fix: scp
        ? 'an SCP denies root sessions: add Condition "Null": {"aws:AssumedRoot": "true"} to its Deny (see the SCP check below)'
        : "allow the caller sts:AssumeRoot with sts:TaskPolicyArn IAMAuditRootUserCredentials (rootward iam-policy plan)",
    };
  }
}

import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
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
import type { DesiredState } from "../desired/index.js";
import { byText } from "../order.js";
import type { DoctorCheck, DoctorReport } from "./model.js";
import { scpCheck, scpUnreadCheck, trustedAccessCheck } from "./read-checks.js";
import { analyzeScps } from "./scp-analysis.js";

export type DoctorEnvironment = {
  region: string;
  endpoint: string | undefined;
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
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const add = (check: DoctorCheck) => checks.push(check);

  let organization: OrganizationInfo | undefined;
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    organization = await describeOrganization(clients.organizations);
    add(await callerCheck(clients, identity.Account ?? "", identity.Arn ?? "", organization));
    if (checks.some((check) => check.status === "failure")) return { checks, scp: [] };
  } catch (error) {
    const failure = awsFailure(error);
    add({
      id: "credentials",
      title: "AWS credentials",
      status: "failure",
      detail: `${failure.code}: ${failure.message}`,
      fix: "configure credentials of the management account or the IAM delegated administrator (AWS_PROFILE, or GitHub OIDC)",
    });
    return { checks, scp: [] };
  }
  try {
    return await organizationChecks(clients, organization, desired, environment, checks);
  } catch (error) {
    const failure = awsFailure(error);
    add({
      id: checks.length < 3 ? "trusted-access" : "scp",
      title: "Reading the organization",
      status: "failure",
      detail: `${failure.code}: ${failure.message}`,
      fix: "grant the caller organizations:Describe*/List* and iam:ListOrganizationsFeatures (rootward iam-policy plan)",
    });
    return { checks, scp: [] };
  }
}

async function organizationChecks(
  clients: AwsClients,
  organization: OrganizationInfo,
  desired: DesiredState | undefined,
  environment: DoctorEnvironment,
  checks: DoctorCheck[],
): Promise<DoctorReport> {
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
  add(stsEndpointCheck(environment));

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

function featuresCheck(
  live: { rootCredentialsManagement: boolean; rootSessions: boolean },
  desired: DesiredState | undefined,
): DoctorCheck {
  const title = "Root access features vs the desired state";
  const state = (on: boolean) => (on ? "enabled" : "disabled");
  const detail = `rootCredentialsManagement ${state(live.rootCredentialsManagement)}, rootSessions ${state(live.rootSessions)}`;
  if (!desired) {
    return live.rootCredentialsManagement
      ? { id: "features", title, status: "ok", detail: `${detail} (no valid desired state to compare with)` }
      : {
          id: "features",
          title,
          status: "failure",
          detail,
          fix: "enable root credentials management, or nothing can be audited",
        };
  }
  const differs = (["rootCredentialsManagement", "rootSessions"] as const).filter(
    (name) => desired.features[name] !== state(live[name]),
  );
  if (differs.length === 0) return { id: "features", title, status: "ok", detail: `${detail}, as desired` };
  return {
    id: "features",
    title,
    status: live.rootCredentialsManagement ? "warning" : "failure",
    detail: `${detail}; the desired state wants ${differs.map((name) => `${name} ${desired.features[name]}`).join(", ")}`,
    fix: "run rootward plan and apply to converge the features",
  };
}

/** AssumeRoot is refused on the global endpoint (STS API reference, AssumeRoot). */
function stsEndpointCheck(environment: DoctorEnvironment): DoctorCheck {
  const title = "Regional STS endpoint";
  const global =
    /^https?:\/\/sts\.amazonaws\.com\/?$/.test(environment.endpoint ?? "") ||
    environment.stsRegionalEndpoints === "legacy";
  if (global) {
    return {
      id: "sts-endpoint",
      title,
      status: "failure",
      detail: "the global STS endpoint is configured; AWS rejects AssumeRoot there",
      fix: `unset AWS_STS_REGIONAL_ENDPOINTS=legacy / the global AWS_ENDPOINT_URL and set AWS_REGION (rootward uses sts.${environment.region}.amazonaws.com)`,
    };
  }
  return {
    id: "sts-endpoint",
    title,
    status: "ok",
    detail: environment.endpoint
      ? `custom endpoint ${environment.endpoint}`
      : `sts.${environment.region}.amazonaws.com`,
  };
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

import type { Settled } from "../aws/errors.js";
import type { DoctorCheck } from "./model.js";
import type { ScpVerdict } from "./scp-analysis.js";

/**
 * The doctor checks built from organization reads that may be denied to a least-privilege
 * caller (trusted access, SCPs): a denied read is a warning naming what to grant, never a guess.
 */
export function trustedAccessCheck(trusted: Settled<boolean>): DoctorCheck {
  const title = "Trusted access for iam.amazonaws.com";
  if ("failure" in trusted) {
    return {
      id: "trusted-access",
      title,
      status: "warning",
      detail: `could not be read (${trusted.failure.code}: ${trusted.failure.message}); plans will neither enable nor disable it`,
      fix: "grant the caller organizations:ListAWSServiceAccessForOrganization (rootward iam-policy plan)",
    };
  }
  return trusted.value
    ? { id: "trusted-access", title, status: "ok", detail: "enabled" }
    : {
        id: "trusted-access",
        title,
        status: "failure",
        detail: "not enabled: IAM cannot manage root access",
        fix: "aws organizations enable-aws-service-access --service-principal iam.amazonaws.com (or features.trustedAccess: enabled and rootward apply)",
      };
}

const SCP_TITLE = "Service control policies vs root sessions";

/** Without the SCPs nothing can be said about them: a warning that names the missing reads, never "ok". */
export function scpUnreadCheck(failure: { code: string; message: string }): DoctorCheck {
  return {
    id: "scp",
    title: SCP_TITLE,
    status: "warning",
    detail: `the service control policies could not be read (${failure.code}: ${failure.message}); SCPs that deny root sessions are not checked`,
    fix: "grant the caller organizations:ListPolicies, organizations:DescribePolicy and organizations:ListTargetsForPolicy (rootward iam-policy plan), or delegate Organizations policy management to this account",
  };
}

export function scpCheck(verdicts: readonly ScpVerdict[], enabled: boolean): DoctorCheck {
  const title = SCP_TITLE;
  if (!enabled)
    return { id: "scp", title, status: "ok", detail: "SCPs are not enabled in this organization" };
  const denying = verdicts.filter((verdict) => verdict.effect === "denies");
  if (denying.length === 0) {
    const exempted =
      verdicts.length > 0 ? `; ${verdicts.length} root-deny statement(s) exempt aws:AssumedRoot` : "";
    return {
      id: "scp",
      title,
      status: "ok",
      detail: `no statement denies the audit, delete or create-password tasks${exempted}`,
    };
  }
  const breaksCore = denying.some(
    (verdict) => verdict.tasks.includes("audit") || verdict.tasks.includes("delete"),
  );
  return {
    id: "scp",
    title,
    status: breaksCore ? "failure" : "warning",
    detail: denying
      .map(
        (verdict) =>
          `${verdict.policyName} (${verdict.policyId}) ${verdict.statement} denies ${verdict.tasks.join(", ")} in ${verdict.affected.join(", ")}`,
      )
      .join("; "),
    fix: 'add Condition "Null": {"aws:AssumedRoot": "true"} to each Deny, so it applies to the root user but not to centralized root sessions',
  };
}

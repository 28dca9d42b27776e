import type { AuditedAccount, AuditSnapshot } from "../audit/snapshot.js";
import type { DesiredState } from "../desired/index.js";
import { governanceText } from "../plan/governance-text.js";
import type { AccountAction, Finding, Plan, PlannedAccount } from "../plan/model.js";
import { attachedPolicies, rootSessionDenial } from "../plan/scp-findings.js";
import { describeStatement } from "../scp/root-session.js";
import { type ExpiredException, expiredExceptionsFor } from "./expired-exceptions.js";
import { RECOVERY_SOURCE, recoveryBlocker } from "./recovery-note.js";
import { signInSnippet } from "./sign-in-snippet.js";

export const DiagnosisIds = [
  "management-account",
  "not-active",
  "unmanaged",
  "not-verified",
  "root-sign-in-disabled",
  "password-recovery-planned",
  "password-recovery-needs-root-sessions",
  "password-recovery-blocked-by-scp",
  "password-will-be-deleted",
  "password-without-mfa",
  "lost-mfa-device",
  "access-keys-present",
  "signing-certificates-present",
  "root-sign-in-possible",
  "scp-unknown",
] as const;
export type DiagnosisId = (typeof DiagnosisIds)[number];

/** `snippet` is YAML to paste under `exceptions:`; `snippetWarning` says why it would not work yet. */
export type Diagnosis = {
  id: DiagnosisId;
  summary: string;
  detail: string;
  snippet?: string;
  snippetWarning?: string;
};

export type Explanation = {
  accountId: string;
  name: string;
  ouPath: string;
  state: string;
  governedBy: string;
  /** Exceptions that select the account but expired: the baseline governs it since. */
  expiredExceptions: ExpiredException[];
  audit: { status: string; reason?: string; errorCode?: string; found: string[] };
  actions: AccountAction[];
  findings: Finding[];
  diagnoses: Diagnosis[];
};

/** Organization-wide findings about what the audit could not read: they concern every account. */
const UNREAD_RULES: ReadonlySet<Finding["ruleId"]> = new Set([
  "scp-analysis-skipped",
  "trusted-access-unread",
]);

/** Everything rootward knows about one account, and a plain-language diagnosis of root sign-in. Pure. */
export function explainAccount(
  audit: AuditSnapshot,
  plan: Plan,
  accountId: string,
  now: Date,
  desired?: DesiredState,
): Explanation | undefined {
  const audited = audit.accounts.find((account) => account.id === accountId);
  const planned = plan.accounts.find((account) => account.accountId === accountId);
  if (!audited || !planned) return undefined;
  const actions = plan.actions.filter(
    (action): action is AccountAction => "accountId" in action && action.accountId === accountId,
  );
  return {
    accountId,
    name: audited.name,
    ouPath: audited.ouPath,
    state: audited.state,
    governedBy: governanceText(planned),
    expiredExceptions:
      desired && planned.governedBy.kind === "baseline" ? expiredExceptionsFor(desired, audited, now) : [],
    audit: {
      status: audited.status,
      ...(audited.reason ? { reason: audited.reason } : {}),
      ...(audited.errorCode ? { errorCode: audited.errorCode } : {}),
      found: found(audited),
    },
    actions,
    findings: plan.findings.filter(
      (finding) =>
        finding.accountId === accountId ||
        (finding.accountId === undefined && UNREAD_RULES.has(finding.ruleId)),
    ),
    diagnoses: diagnose(audit, audited, planned, actions, now, recoveryBlocker(plan)),
  };
}

function diagnose(
  audit: AuditSnapshot,
  audited: AuditedAccount,
  planned: PlannedAccount,
  actions: readonly AccountAction[],
  now: Date,
  blocker: { why: string; fix: string } | undefined,
): Diagnosis[] {
  if (planned.disposition === "out-of-scope") {
    return [
      {
        id: "management-account",
        summary:
          "This is the management account: its root user is outside centralized root access management.",
        detail:
          "AWS cannot open root sessions on the management account. Keep its root password and MFA with your break-glass procedure; rootward never changes it.",
      },
    ];
  }
  if (audited.state !== "ACTIVE") {
    return [
      {
        id: "not-active",
        summary: `The account is ${audited.state}.`,
        detail:
          audited.state === "SUSPENDED"
            ? "Suspended accounts cannot be targeted by AssumeRoot. To use it again, reopen it through AWS Support within the post-closure period; rootward reports it and never changes it."
            : "The account is closing or not yet active; AssumeRoot cannot target it and rootward never changes it.",
      },
    ];
  }
  if (planned.disposition === "unmanaged") {
    return [
      {
        id: "unmanaged",
        summary: `The account is unmanaged (${planned.governedBy.kind === "unmanaged" ? planned.governedBy.name : ""}); rootward reports it and never changes it.`,
        detail:
          "Root credentials here are whatever the account's owners set; remove the account from `unmanaged:` to manage it.",
      },
    ];
  }
  const live = audited.rootCredentials;
  if (!live || audited.status !== "audited") {
    const scp = /service control policy/i.test(audited.reason ?? "");
    return [
      {
        id: "not-verified",
        summary: `rootward could not read this account's root credentials (${audited.errorCode ?? audited.status}).`,
        detail: scp
          ? `An SCP denies the audit session: ${audited.reason}. Exempt root sessions from it (Condition "Null": {"aws:AssumedRoot": "true"}); \`rootward doctor\` names the statement.`
          : `${audited.reason ?? "No reason recorded."} Run \`rootward doctor\` for the setup checks.`,
      },
    ];
  }
  const rules = planned.rules;
  const diagnoses: Diagnosis[] = [];
  const creates = actions.some((action) => action.operation === "CreateLoginProfile");
  const deletesPassword = actions.some((action) => action.operation === "DeleteLoginProfile");
  if (!live.password.present && !creates) {
    const denial = createPasswordDenial(audit, audited);
    const warning = denial
      ? `SCP ${denial} denies iam:CreateLoginProfile inside root sessions: with this exception, \`rootward apply\` fails with AccessDenied until the SCP exempts root sessions (Condition "Null": {"aws:AssumedRoot": "true"}) or the account moves`
      : undefined;
    diagnoses.push({
      ...(warning ? { snippetWarning: warning } : {}),
      id: "root-sign-in-disabled",
      summary:
        "Root sign-in is not possible: the root user has no password, and the policy keeps it that way.",
      detail:
        'Signing in shows "Your root user credentials are not valid or sign-in as root is currently disabled for this account". ' +
        'To allow it for a while, add a time-boxed exception through a pull request (below); after `rootward apply` the owner uses "Forgot password" on the root sign-in page.' +
        (blocker ? ` That also needs root sessions, and ${blocker.why}: ${blocker.fix}.` : ""),
      snippet: signInSnippet(audited, now, "present", warning),
    });
  }
  if (creates) {
    const denial = createPasswordDenial(audit, audited);
    diagnoses.push(
      denial
        ? {
            id: "password-recovery-blocked-by-scp",
            summary: `Password recovery is blocked by SCP ${denial}.`,
            detail: `The desired state allows password recovery here, but that statement denies iam:CreateLoginProfile inside root sessions, so \`rootward apply\` (and the console's "Allow password recovery") fails with AccessDenied. Add Condition "Null": {"aws:AssumedRoot": "true"} to the Deny, or move the account.`,
          }
        : blocker
          ? {
              id: "password-recovery-needs-root-sessions",
              summary: `The plan allows password recovery (CreateLoginProfile), but ${blocker.why}: the owner cannot complete "Forgot password".`,
              detail: `${RECOVERY_SOURCE} Fix: ${blocker.fix}.`,
            }
          : {
              id: "password-recovery-planned",
              summary: "The plan allows password recovery (CreateLoginProfile, no password is set).",
              detail:
                'After `rootward apply`, the owner signs in with the root email address and uses "Forgot password"; AWS sends the reset link to that address.',
            },
    );
  }
  if (deletesPassword) {
    diagnoses.push({
      id: "password-will-be-deleted",
      summary: "The root password exists but the policy removes it: the next apply ends root sign-in here.",
      detail: `Governed by ${governanceText(planned)}. To keep it, add an exception (password: allowed) through a pull request.`,
      snippet: signInSnippet(audited, now, "allowed"),
    });
  }
  const mfaKept = rules?.mfa !== "absent";
  if (((live.password.present && !deletesPassword) || creates) && live.mfaDevices.length === 0) {
    diagnoses.push({
      id: "password-without-mfa",
      summary: "The root user has (or will have) a password but no MFA device.",
      detail:
        "No API can register MFA for someone else: the account owner signs in as root and assigns a device (IAM console → Security credentials).",
    });
  }
  if (live.mfaDevices.length > 0 && mfaKept) {
    diagnoses.push({
      id: "lost-mfa-device",
      summary: `If the MFA device is lost (${live.mfaDevices.map((device) => `${device.type} ${device.serialNumber}`).join(", ")}):`,
      detail:
        'On the root sign-in page choose "Troubleshoot MFA" and verify the account email and phone number to sign in without it (AWS self-service reset). ' +
        "Or remove the device centrally: an exception with mfa: absent makes `rootward apply` deactivate it with a delete session.",
    });
  }
  if (live.accessKeys.length > 0) {
    const deleting = actions.some((action) => action.operation === "DeleteAccessKey");
    diagnoses.push({
      id: "access-keys-present",
      summary: `The root user has ${live.accessKeys.length} access key(s)${deleting ? "; the plan deletes them" : ", allowed by the policy"}.`,
      detail: live.accessKeys
        .map(
          (key) =>
            `${key.accessKeyId} ${key.status}${key.lastUsedDate ? `, last used ${key.lastUsedDate.slice(0, 10)}${key.lastUsedService ? ` by ${key.lastUsedService}` : ""}` : ", never used"}`,
        )
        .join("; "),
    });
  }
  if (live.signingCertificates.length > 0) {
    diagnoses.push({
      id: "signing-certificates-present",
      summary: `The root user has ${live.signingCertificates.length} signing certificate(s)${actions.some((action) => action.operation === "DeleteSigningCertificate") ? "; the plan deletes them" : ", allowed by the policy"}.`,
      detail: live.signingCertificates
        .map((certificate) => `${certificate.certificateId} ${certificate.status}`)
        .join("; "),
    });
  }
  if (live.password.present && !deletesPassword) {
    diagnoses.push({
      id: "root-sign-in-possible",
      summary: "Root sign-in is possible with the root password.",
      detail:
        'If the password is forgotten, the owner uses "Forgot password" with the root email address.' +
        (blocker ? ` That needs root sessions, and ${blocker.why}: ${blocker.fix}.` : ""),
    });
  }
  const scps = audit.unread?.serviceControlPolicies;
  if (scps) {
    diagnoses.push({
      id: "scp-unknown",
      summary: `The service control policies could not be read (${scps.code}), so whether one blocks root sessions in this account is not known.`,
      detail: `${scps.message}. An SCP that denies the root user without the aws:AssumedRoot exemption makes the planned deletes or password recovery fail with AccessDenied. Grant organizations:ListPolicies, organizations:DescribePolicy and organizations:ListTargetsForPolicy, then \`rootward doctor\` names any such statement.`,
    });
  }
  return diagnoses;
}

function createPasswordDenial(audit: AuditSnapshot, audited: AuditedAccount): string | undefined {
  const denial = rootSessionDenial(attachedPolicies(audit), audited, "iam:CreateLoginProfile");
  return denial
    ? `${denial.policy.name} (${denial.policy.id}), ${describeStatement(denial.statement, denial.statementIndex)}`
    : undefined;
}

function found(account: AuditedAccount): string[] {
  const live = account.rootCredentials;
  if (!live) return [];
  const out: string[] = [];
  if (live.password.present)
    out.push(
      `password${live.password.lastUsed ? ` (last used ${live.password.lastUsed.slice(0, 10)})` : ""}`,
    );
  for (const key of live.accessKeys) out.push(`access key ${key.accessKeyId} (${key.status})`);
  for (const device of live.mfaDevices) out.push(`${device.type} MFA ${device.serialNumber}`);
  for (const certificate of live.signingCertificates)
    out.push(`signing certificate ${certificate.certificateId} (${certificate.status})`);
  return out;
}

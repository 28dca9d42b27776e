import type { CredentialKind } from "../desired/schema.js";
import type { AccountEvent } from "../events/dispatch-payload.js";
import type { Finding, PlannedAccount } from "./model.js";

/** The events that mean someone signed in as root or gave root a credential, and its kind. */
const CREATED_KIND: Partial<Record<AccountEvent["eventName"], CredentialKind>> = {
  ConsoleLogin: "password",
  CreateLoginProfile: "password",
  CreateAccessKey: "accessKeys",
  UploadSigningCertificate: "signingCertificates",
  EnableMFADevice: "mfa",
};

const WHAT: Record<CredentialKind, string> = {
  password: "root password",
  accessKeys: "root access key",
  signingCertificates: "root signing certificate",
  mfa: "root MFA device",
};

/**
 * Pure: the `high` finding for a root sign-in or a root credential created in an account that no
 * exception allows it in, naming the CloudTrail event so a reviewer can trace it. `account` is the
 * account as this run planned it (undefined when it is no longer in the organization). The
 * management account is out of scope of centralized root access (DESIGN.md) and gets none.
 */
export function eventFinding(event: AccountEvent, account: PlannedAccount | undefined): Finding | undefined {
  const kind = CREATED_KIND[event.eventName];
  if (!kind || !account) return undefined;
  const governed = account.governedBy;
  if (governed.kind === "out-of-scope" || account.reasonCode === "management-account") return undefined;
  if (governed.kind === "exception" && account.rules?.[kind] !== "absent") return undefined;
  const what =
    event.eventName === "ConsoleLogin"
      ? "root user signed in to the console"
      : `${WHAT[kind]} created (${event.eventName})`;
  const because =
    governed.kind === "exception"
      ? `exception ${governed.name} does not allow a ${WHAT[kind]}`
      : governed.kind === "unmanaged"
        ? `the account is unmanaged (${governed.name}), not under an exception`
        : "no exception allows it";
  return {
    ruleId: "root-event-outside-exception",
    severity: "high",
    accountId: account.accountId,
    message: `${what} in account ${account.accountId} at ${event.eventTime} (CloudTrail event ${event.eventId}); ${because}`,
    location: { file: governed.location.file, line: governed.location.line },
  };
}

import type { PlannedAccount } from "./model.js";

/** "exception billing (desired-state/policy.yaml:16)": which entry governs an account, in words. */
export function governanceText(account: Pick<PlannedAccount, "governedBy">): string {
  const where = `${account.governedBy.location.file}:${account.governedBy.location.line}`;
  switch (account.governedBy.kind) {
    case "exception":
      return `exception ${account.governedBy.name} (${where})`;
    case "unmanaged":
      return `${account.governedBy.name} (${where})`;
    case "baseline":
      return `the baseline (${where})`;
    case "out-of-scope":
      return "nothing: the management account is out of scope";
    case "unverified":
      return "unknown: the account's tags could not be read";
  }
}

import type { Plan, PlanTarget } from "../plan/model.js";
import type { GuardRefusal } from "./guards.js";

type Named = { id: string; name: string };

function names(value: string, account: Named): boolean {
  return /^\d{12}$/.test(value) ? account.id === value : account.name.toLowerCase() === value.toLowerCase();
}

function listed(target: PlanTarget): string {
  return target.accounts.map((account) => `${account.id} (${account.name})`).join(", ");
}

function flags(target: PlanTarget): string {
  return target.accounts.map((account) => `--account ${account.id}`).join(" ");
}

/**
 * A partial plan (`plan --account`) is never applied as if it were the whole organization's:
 * like Terraform, which warns that a targeted plan "may be incomplete", but stricter, since a
 * partial plan in CI would silently leave every other account as it is. Applying a saved partial
 * plan needs the same `--account` flags, said again; `--account` with a full saved plan is refused
 * (it narrows a new plan, never a reviewed one). Without a plan file, apply plans with the flags
 * itself. This only refuses: which actions may run is still decided live (justify.ts).
 */
export function checkTarget(
  plan: Plan,
  requested: readonly string[],
  planFile: string | undefined,
): GuardRefusal | undefined {
  if (planFile === undefined) return undefined;
  const target = plan.target;
  if (!target) {
    if (requested.length === 0) return undefined;
    return {
      code: "account-with-full-plan",
      message: `${planFile} is a plan for the whole organization; --account narrows a new plan, not a reviewed one`,
      hint: `plan the accounts first: rootward plan ${requested.map((value) => `--account ${value}`).join(" ")} --out partial.json, then apply that file with the same --account flags`,
    };
  }
  const covered = new Set(target.accounts.map((account) => account.id));
  const outside = plan.actions.find((action) => !("accountId" in action) || !covered.has(action.accountId));
  if (outside) {
    return {
      code: "plan-malformed",
      message: `${planFile} is a partial plan for ${listed(target)}, but it lists ${outside.operation}${"accountId" in outside ? ` for account ${outside.accountId}` : " for the organization"}; rootward never writes such a plan`,
      hint: "re-run `rootward plan --account …` and apply the file it writes",
    };
  }
  const matched = target.accounts.filter((account) => requested.some((value) => names(value, account)));
  const unknown = requested.filter((value) => !target.accounts.some((account) => names(value, account)));
  if (requested.length > 0 && unknown.length === 0 && matched.length === target.accounts.length)
    return undefined;
  const said =
    requested.length === 0
      ? "no --account was given"
      : `--account names ${unknown.length > 0 ? `accounts it does not cover (${unknown.join(", ")})` : `only some of them`}`;
  return {
    code: "partial-plan",
    message: `${planFile} is a partial plan: it covers only ${listed(target)}, not the rest of the organization or its features, and ${said}`,
    hint: `to apply exactly this partial plan, name the same accounts: rootward apply ${planFile} ${flags(target)}`,
  };
}

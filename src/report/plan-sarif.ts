import { sha256 } from "../plan/canonical-json.js";
import type { Plan, PlanLocation, Severity } from "../plan/model.js";
import { FINDING_RULE_HELP, SECURITY_SEVERITY } from "./finding-rules.js";
import { inertData } from "./inert-text.js";
import { targetSentence } from "./plan-target.js";
import { accountActions, describeAction, maskKeysInText } from "./plan-words.js";

type SarifLevel = "error" | "warning" | "note";

const LEVEL: Record<Severity, SarifLevel> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/**
 * SARIF 2.1.0 for GitHub code scanning: one result per finding and per drifting account. An alert
 * is read on its own, away from the plan, so every message about an account starts by naming it
 * (id and name); the plan's strings are made inert first, as for the terminal.
 */
export function renderPlanSarif(input: Plan, toolVersion: string): string {
  const plan = inertData(input);
  const names = new Map(plan.accounts.map((account) => [account.accountId, account.name]));
  const about = (accountId: string) => {
    const name = names.get(accountId);
    return name === undefined ? `account ${accountId}` : `account ${accountId} (${name})`;
  };
  const results = [
    ...plan.findings.map((finding) =>
      result(
        finding.ruleId,
        finding.severity,
        finding.accountId
          ? `${about(finding.accountId)}: ${maskKeysInText(finding.message)}`
          : maskKeysInText(finding.message),
        finding.location,
        finding.accountId,
      ),
    ),
    ...plan.accounts
      .filter((account) => account.disposition === "drift")
      .map((account) => {
        const actions = accountActions(plan, account.accountId).map((action) => describeAction(action, true));
        const message = `${about(account.accountId)} differs from the desired state: ${actions.join("; ")}`;
        return result("account-drift", "high", message, account.governedBy.location, account.accountId);
      }),
  ];
  const used = [...new Set(results.map((entry) => entry.ruleId))].sort();
  const partial = targetSentence(plan);
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "rootward",
            version: toolVersion,
            informationUri: "https://github.com/rootward/rootward",
            rules: used.map((id) => {
              const help = FINDING_RULE_HELP[id as keyof typeof FINDING_RULE_HELP];
              return {
                id,
                name: id.replace(/(^|-)(\w)/g, (_m, _d, letter: string) => letter.toUpperCase()),
                shortDescription: { text: help.title },
                fullDescription: { text: help.help },
                help: { text: help.help, markdown: help.help },
              };
            }),
          },
        },
        // Code scanning closes the alerts of a category that an upload leaves out: a partial
        // plan (--account) gets its own category so it never closes other accounts' alerts.
        automationDetails: { id: `rootward/plan/${plan.organizationId}/${partial ? "partial/" : ""}` },
        ...(partial
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: [{ level: "warning", message: { text: partial } }],
                },
              ],
            }
          : {}),
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(
  ruleId: string,
  severity: Severity,
  message: string,
  location: PlanLocation,
  accountId?: string,
) {
  return {
    ruleId,
    level: LEVEL[severity],
    message: { text: message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: location.file },
          region: { startLine: Math.max(1, location.line) },
        },
      },
    ],
    // Stable across runs so code scanning tracks one alert per rule and account, not per wording.
    partialFingerprints: {
      "rootward/v1": sha256(`${ruleId}\0${accountId ?? `${location.file}:${location.line}`}`),
    },
    properties: { "security-severity": SECURITY_SEVERITY[severity], ...(accountId ? { accountId } : {}) },
  };
}

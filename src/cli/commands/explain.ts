import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseAuditSnapshot } from "../../audit/parse-snapshot.js";
import { didYouMean } from "../../desired/did-you-mean.js";
import { unlockTargetsOf, usesTagSelectors } from "../../desired/index.js";
import { RootwardError } from "../../errors.js";
import { explainAccount } from "../../explain/diagnose.js";
import { explainSnippet, renderExplainJson, renderExplainText } from "../../report/explain-report.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";
import { type LiveAuditFlags, liveAudit } from "../live-audit.js";
import { planOrRefuse } from "../plan-or-refuse.js";
import { loadValidDesiredState } from "./validate.js";

export type ExplainOptions = LiveAuditFlags & {
  desiredState: string;
  audit?: string;
  format: "text" | "json";
  /** Print only the suggested exception, as YAML to paste. */
  snippet?: boolean;
};

/** Everything about one account (id or exact name): governing entry, audit, plan, and a root sign-in diagnosis. */
export async function explainCommand(account: string, options: ExplainOptions, io: CliIo): Promise<number> {
  const desired = await loadValidDesiredState(options.desiredState, io);
  if (!desired) return ExitCode.error;
  const wanted = (candidate: { id: string; name: string }) =>
    candidate.id === account || candidate.name.toLowerCase() === account.toLowerCase();
  const names: string[] = [];
  const only = (candidate: { id: string; name: string }) => {
    names.push(candidate.name);
    return wanted(candidate);
  };
  const audit = options.audit
    ? parseAuditSnapshot(await readFile(resolve(io.cwd, options.audit), "utf8"), options.audit)
    : await liveAudit(
        {
          ...options,
          withTags: options.withTags || usesTagSelectors(desired),
          only,
          unlockTargets: unlockTargetsOf(desired),
          expectOrganizationId: desired.organization.id,
        },
        io,
      );
  const target = audit.accounts.find(wanted);
  if (!target) {
    const suggestion = didYouMean(account, [...names, ...audit.accounts.map((candidate) => candidate.name)]);
    throw new RootwardError(
      "account-not-found",
      `no account ${account} in organization ${audit.organization.id}`,
      {
        hint: suggestion
          ? `did you mean ${suggestion}?`
          : "pass a 12-digit account id or the account's exact name",
      },
    );
  }
  const explanation = explainAccount(
    audit,
    planOrRefuse(desired, audit, io.now()),
    target.id,
    io.now(),
    desired,
  );
  if (!explanation) throw new RootwardError("account-not-found", `account ${account} is not in the plan`);
  if (options.snippet) {
    const snippet = explainSnippet(explanation);
    if (!snippet)
      throw new RootwardError("no-snippet", `explain suggests no exception for ${account}`, {
        hint: `run rootward explain ${account} to see why`,
      });
    io.stdout(snippet);
    return ExitCode.ok;
  }
  io.stdout(options.format === "json" ? renderExplainJson(explanation) : renderExplainText(explanation));
  return ExitCode.ok;
}

import { readFileSync } from "node:fs";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { describeError } from "../../src/cli/errors.js";
import { hasControlCharacter } from "../../src/control-characters.js";
import { RootwardError } from "../../src/errors.js";
import { explainAccount } from "../../src/explain/diagnose.js";
import { driftPaths } from "../../src/gitops/drift-paths.js";
import { driftBody, driftReportFile } from "../../src/gitops/drift-report.js";
import { exceptionSnippets } from "../../src/gitops/exception-snippet.js";
import { formatMarker, parseMarker } from "../../src/gitops/marker.js";
import { planComment } from "../../src/gitops/plan-comment.js";
import { renderApplyMarkdown, renderApplyText } from "../../src/report/apply-report.js";
import { renderAuditText } from "../../src/report/audit-text.js";
import { renderDoctorMarkdown, renderDoctorText } from "../../src/report/doctor-report.js";
import { renderExplainText } from "../../src/report/explain-report.js";
import { renderPlanMarkdown } from "../../src/report/plan-markdown.js";
import { renderPlanSarif } from "../../src/report/plan-sarif.js";
import { renderPlanText } from "../../src/report/plan-text.js";
import { pendingUnlocks } from "../../src/report/plan-unlocks.js";
import { accountActions } from "../../src/report/plan-words.js";
import { NOW } from "../support/builders.js";
import {
  AWS_MESSAGE,
  HOSTILE,
  hostileApplyResult,
  hostileAudit,
  hostileDoctorReport,
  hostilePlan,
} from "../support/hostile-inputs.js";
import {
  headings,
  linesStartingWith,
  renderHtml,
  tablePipeCounts,
  tagNames,
  visibleText,
} from "../support/markdown-inspect.js";

/**
 * The hostile-names fixture (test/support/hostile-inputs.ts) through every renderer. Golden files
 * under test/fixtures/hostile/ show what a reviewer gets; the assertions say why it is inert.
 * Update the golden files with `npx vitest run test/report/hostile-text.test.ts -u` and read the
 * diff before committing it.
 */
const GOLDEN = new URL("../fixtures/hostile/", import.meta.url).pathname;
const RUN_URL = "https://github.example/acme/org-root/actions/runs/1";

const plan = hostilePlan();
const audit = hostileAudit();
const explanation = explainAccount(audit, plan, "222222222222", NOW);
if (!explanation) throw new Error("the fixture has account 222222222222");
const changed = plan.accounts.filter((account) => accountActions(plan, account.accountId).length > 0).length;
const pending = pendingUnlocks(plan).length;
const snippets = exceptionSnippets(plan).length;

const texts: Record<string, string> = {
  "plan.txt": renderPlanText(plan, { color: false }),
  "audit.txt": renderAuditText(audit),
  "explain.txt": renderExplainText(explanation),
  "apply.txt": renderApplyText(hostileApplyResult()),
  "doctor.txt": renderDoctorText(hostileDoctorReport()),
  "error.txt": `${describeError(new RootwardError("aws-error", `AssumeRoot failed: ${AWS_MESSAGE}`, { hint: HOSTILE }), false)}\n`,
};

const comment = planComment(plan, {
  toolVersion: "0.0.0-test",
  runUrl: RUN_URL,
  identity: { login: "github-actions[bot]", source: "github-token" },
});
/** Each markdown with the number of `<details>` and code blocks rootward itself puts in it. */
const markdowns: Record<string, { text: string; details: number; code: number }> = {
  "plan.md": { text: renderPlanMarkdown(plan), details: changed + pending, code: pending },
  "plan-collapsed.md": { text: renderPlanMarkdown(plan, { maxLength: 8_000 }), details: 0, code: 0 },
  "plan-comment.md": {
    text: `${formatMarker(comment.marker)}\n${comment.body}`,
    details: changed + pending,
    code: pending,
  },
  "REPORT.md": {
    text: driftReportFile(plan, { runUrl: RUN_URL, paths: driftPaths() }),
    details: changed + pending + snippets,
    code: pending + snippets,
  },
  "drift-body.md": {
    text: driftBody(plan, { runUrl: RUN_URL, paths: driftPaths() }),
    details: changed + pending + snippets,
    code: pending + snippets,
  },
  "apply.md": { text: renderApplyMarkdown(hostileApplyResult()), details: 0, code: 0 },
  "doctor.md": { text: renderDoctorMarkdown(hostileDoctorReport()), details: 0, code: 0 },
};

/** Everything rootward itself starts a line or a heading with; data must never add to these. */
const OWN_HEADINGS = [
  /^rootward (plan|apply|doctor|drift report)\b/,
  /^(Organization|Accounts to change|Policies to unlock|Findings|Keep credentials instead|SCP statements that concern root)$/,
];
const OWN_QUOTE_LINES =
  /^> (\[!(CAUTION|WARNING|NOTE)\]$|\*\*This plan (deletes|removes)|⚠️ \*\*|No changes\.)/;
const OWN_LIST_LINES =
  /^- (➕|➖|✅|❌|\*\*Merging this pull request|A credential must stay\?|This pull request updates itself)/;
const OWN_HTML_LINES = /^(<details><summary><code>|<\/details>$|<sub>rootward |<!-- rootward:plan )/;
const FENCE = /^`{3,}(json|yaml)?$/;

/** Lines outside fenced code blocks, where markdown structure is read. */
function structuralLines(markdown: string): string[] {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const run = /^(`{3,})/.exec(line)?.[1];
    if (fence === undefined && run) fence = run;
    else if (fence !== undefined && run && run.length >= fence.length && line.trim() === run)
      fence = undefined;
    else if (fence === undefined) out.push(line);
  }
  return out;
}

describe("hostile names: golden files", () => {
  it.each(Object.keys(texts))("%s", async (name) => {
    await expect(texts[name]).toMatchFileSnapshot(`${GOLDEN}${name}`);
  });

  it.each(Object.keys(markdowns))("%s", async (name) => {
    await expect(markdowns[name]?.text).toMatchFileSnapshot(`${GOLDEN}${name}`);
  });

  it("plan.sarif.json", async () => {
    await expect(renderPlanSarif(plan, "0.0.0-test")).toMatchFileSnapshot(`${GOLDEN}plan.sarif.json`);
  });
});

describe("hostile names: text output is inert", () => {
  it.each(Object.keys(texts))(
    "%s has no control character but line feeds, and shows what was there",
    (name) => {
      const text = texts[name] ?? "";

      expect(hasControlCharacter(text.replace(/\n/g, ""))).toBe(false);
      expect(text).toContain("\\u001b[2J");
      expect(text).not.toMatch(/^\s*(::|##\[)/m);
    },
  );

  it.each(Object.keys(texts).filter((name) => name !== "error.txt"))(
    "%s keeps each data field on its line",
    (name) => {
      expect(texts[name]).not.toMatch(/^(# heading|> \[!WARNING\]|APPROVED|# after-cr)/m);
    },
  );

  it("colour adds only rootward's own SGR sequences", () => {
    const [first, ...afterEscapes] = renderPlanText(plan, { color: true }).split(String.fromCharCode(27));

    expect(afterEscapes.length).toBeGreaterThan(0);
    expect(afterEscapes.filter((part) => !/^\[\d+m/.test(part))).toEqual([]);
    expect(`${first}${afterEscapes.map((part) => part.replace(/^\[\d+m/, "")).join("")}`).toBe(
      texts["plan.txt"],
    );
  });
});

describe("hostile names: markdown is inert", () => {
  describe.each(Object.keys(markdowns))("%s", (name) => {
    const { text, details, code } = markdowns[name] ?? { text: "", details: 0, code: 0 };
    const html = renderHtml(text);
    const lines = structuralLines(text);

    it("has headings, quotes, lists and HTML lines only where rootward writes them", () => {
      expect(headings(html).filter((heading) => !OWN_HEADINGS.some((own) => own.test(heading)))).toEqual([]);
      expect(lines.filter((line) => line.startsWith(">") && !OWN_QUOTE_LINES.test(line))).toEqual([]);
      expect(lines.filter((line) => /^([-+*]|\d+[.)])\s/.test(line) && !OWN_LIST_LINES.test(line))).toEqual(
        [],
      );
      expect(lines.filter((line) => line.startsWith("<") && !OWN_HTML_LINES.test(line))).toEqual([]);
      expect(lines.filter((line) => /^(\s|`|~|=)/.test(line) && !FENCE.test(line))).toEqual([]);
      expect(tagNames(html, "blockquote").length).toBe(linesStartingWith(text, /^> \[!/).length);
      expect(tagNames(html, "li").length).toBe(lines.filter((line) => OWN_LIST_LINES.test(line)).length);
    });

    it("opens only rootward's <details> and code blocks, all closed", () => {
      expect(tagNames(html, "details")).toEqual(Array(details).fill("<details>"));
      expect(html.split("</details>").length - 1).toBe(details);
      expect(tagNames(html, "pre").length).toBe(code);
    });

    it("keeps every table row to its header's cells", () => {
      for (const table of tablePipeCounts(text)) expect(new Set(table).size).toBe(1);
    });

    it("carries no HTML comment but the real marker, which parseMarker finds", () => {
      // Inside code blocks (a quoted policy) `<!--` is shown as text and parseMarker reads line 1 only.
      const comments = lines.join("\n").match(/<!--/g) ?? [];
      const isComment = name === "plan-comment.md";

      expect(comments.length).toBe(isComment ? 1 : 0);
      if (isComment) expect(parseMarker(text, "plan")).toEqual(comment.marker);
    });

    it("mentions, references and links nothing from the data", () => {
      // GitHub links nothing inside code; everything else is scanned after rendering.
      const seen = visibleText(html.replace(/<pre>[\s\S]*?<\/pre>|<code>[\s\S]*?<\/code>/g, ""));

      expect(seen).not.toMatch(/(^|[^\w])@[A-Za-z0-9]/);
      expect(seen).not.toMatch(/#\d/);
      expect(seen).not.toMatch(/\bGH-\d/i);
      expect(seen).not.toMatch(/https?:\/\/evil|www\.evil/);
      expect(tagNames(html, "a").filter((link) => !link.includes(RUN_URL))).toEqual([]);
      expect(html).not.toMatch(/<(strong|em|del)>(strong|em|x)<\//);
      expect(tagNames(html, "img")).toEqual([]);
    });

    it("shows the data, visibly", () => {
      expect(visibleText(html)).toContain("\\u001b[2J");
    });
  });
});

describe("hostile names: SARIF", () => {
  const log = JSON.parse(renderPlanSarif(plan, "0.0.0-test"));
  const results: Array<{ message: { text: string }; properties: { accountId?: string } }> =
    log.runs[0].results;

  it("validates against the SARIF 2.1.0 schema", () => {
    const schema = JSON.parse(
      readFileSync(new URL("../fixtures/schemas/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8"),
    );
    const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);

    expect(validate(log)).toBe(true);
  });

  it("has no control character in any message, and names the account each is about", () => {
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      expect(hasControlCharacter(result.message.text)).toBe(false);
      const id = result.properties.accountId;
      if (id) expect(result.message.text).toMatch(new RegExp(`^account ${id} \\(`));
    }
    expect(results.filter((result) => result.properties.accountId).length).toBeGreaterThan(0);
  });
});

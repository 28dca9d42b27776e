/**
 * Reading GitHub Actions workflows in tests: their shape, and where a workflow that pull requests
 * trigger would run their code next to a token worth stealing.
 */

export type Step = {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  "working-directory"?: string;
};
export type Job = {
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  "timeout-minutes"?: number;
  environment?: string;
  if?: string;
  steps: Step[];
  concurrency?: Record<string, unknown>;
};
export type Workflow = {
  on: Record<string, unknown> | string | string[];
  permissions?: Record<string, string>;
  concurrency?: Record<string, unknown>;
  jobs: Record<string, Job>;
};

/** Workflow expressions, spelt once. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
export const BASE_SHA = "${{ github.event.pull_request.base.sha }}";
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
export const WORKSPACE = "${{ github.workspace }}";
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
export const TEMP = "${{ runner.temp }}";
export const APPLY_PLAN = "$RUNNER_TEMP/apply-plan/plan.json";

export function events(parsed: Workflow): string[] {
  if (typeof parsed.on === "string") return [parsed.on];
  return Array.isArray(parsed.on) ? parsed.on : Object.keys(parsed.on);
}

export function withoutComments(script: string): string {
  return script
    .split("\n")
    .filter((line) => !line.trim().startsWith("#"))
    .join("\n");
}

/** The simple commands of a shell script, as words: split on unquoted newlines, ;, &&, || and |. */
function commands(script: string): string[][] {
  const parts: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (const char of withoutComments(script)) {
    if (quote) {
      if (char === quote) quote = undefined;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === "\n" || char === ";" || char === "&" || char === "|") {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  const keywords = new Set(["if", "then", "else", "elif", "fi", "!", "do", "done", "while"]);
  return parts
    .map((part) =>
      part
        .trim()
        .split(/\s+/)
        .filter((word) => word !== ""),
    )
    .map((words) => {
      while (words.length > 0 && keywords.has(words[0] as string)) words.shift();
      return words;
    })
    .filter((words) => words.length > 0);
}

function directory(path: unknown): string {
  const text = typeof path === "string" ? path.replace(/^\.\//, "").replace(/\/+$/, "") : "";
  return text === "" ? "." : text;
}

/** Besides the base branch's rootward and npm in its directory, all a privileged job may run. */
const SHELL_WORDS = new Set(["echo", "cat", "mkdir", "jq", "set", "exit"]);

/**
 * Where a workflow that pull requests trigger lets their code run next to a token worth stealing:
 * in a job with `id-token: write` or any write permission, every checkout not pinned to the base
 * branch is the pull request's, and nothing of it may run. rootward runs only as `node "$ROOTWARD"`
 * with ROOTWARD inside the base branch's checkout, npm and npx only in that checkout.
 */
export function violations(parsed: Workflow): string[] {
  if (!events(parsed).some((event) => event.startsWith("pull_request"))) return [];
  const found: string[] = [];
  for (const [id, job] of Object.entries(parsed.jobs)) {
    if (!Object.values(job.permissions ?? {}).includes("write")) continue;
    const checkouts = job.steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
    const tools = checkouts
      .filter((step) => step.with?.ref === BASE_SHA)
      .map((step) => directory(step.with?.path));
    const pulls = checkouts
      .filter((step) => step.with?.ref !== BASE_SHA)
      .map((step) => directory(step.with?.path));
    const overlaps = (a: string, b: string) =>
      a === "." || b === "." || a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
    for (const pull of pulls)
      for (const tool of tools)
        if (overlaps(pull, tool))
          found.push(`${id}: the pull request's checkout (${pull}) overlaps rootward's (${tool})`);
    for (const pull of pulls)
      if (pull === ".") found.push(`${id}: the pull request's checkout fills the workspace`);
    const rootward = job.env?.ROOTWARD ?? "";
    const rootwardInTool = tools.some((tool) => tool !== "." && rootward.startsWith(`${WORKSPACE}/${tool}/`));
    for (const step of job.steps) {
      if (step.uses?.startsWith("./")) found.push(`${id}: uses a local action ${step.uses}`);
      if (!step.run) continue;
      const where = directory(step["working-directory"]);
      for (const [program = "", ...args] of commands(step.run)) {
        if (["npm", "npx", "yarn", "pnpm", "corepack"].includes(program)) {
          if (!tools.includes(where) || pulls.some((pull) => overlaps(pull, where)))
            found.push(`${id}: ${program} runs in ${where}, not in the base branch's checkout`);
        } else if (program === "node") {
          if (args[0] !== '"$ROOTWARD"' || !rootwardInTool) found.push(`${id}: node runs ${args[0] ?? ""}`);
        } else if (!SHELL_WORDS.has(program)) found.push(`${id}: runs ${program}`);
      }
    }
  }
  return found;
}

/**
 * Reading GitHub Actions workflows in tests: their shape, and where a workflow that pull requests
 * trigger would run their code next to a token worth stealing.
 */

export type Step = {
  name?: string;
  id?: string;
  env?: Record<string, string>;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  "working-directory"?: string;
};
export type Job = {
  uses?: string;
  with?: Record<string, unknown>;
  strategy?: { matrix?: Record<string, unknown>; "max-parallel"?: number; "fail-fast"?: boolean };
  needs?: string | string[];
  outputs?: Record<string, string>;
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
  env?: Record<string, string>;
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
/**
 * How a reusable workflow checks out rootward itself: the commit the caller pinned in `uses:`
 * (job.workflow_repository / job.workflow_sha), or what rootward's own repository passes.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
export const TOOL_REPOSITORY = "${{ inputs.rootward-repository || job.workflow_repository }}";
// biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, not a template
export const TOOL_REF = "${{ inputs.rootward-ref || job.workflow_sha }}";

/** A checkout of rootward at a trusted commit: the base branch, or the pinned reusable workflow's. */
export function isToolCheckout(step: Step): boolean {
  if (!step.uses?.startsWith("actions/checkout@")) return false;
  return (
    step.with?.ref === BASE_SHA || (step.with?.ref === TOOL_REF && step.with?.repository === TOOL_REPOSITORY)
  );
}

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
    .filter((words) => words.length > 0 && !isForHeader(words));
}

/** `for NAME in WORD…` runs nothing itself, unless a word substitutes a command. */
function isForHeader(words: readonly string[]): boolean {
  return (
    words[0] === "for" &&
    /^[A-Za-z_][A-Za-z0-9_]*$/.test(words[1] ?? "") &&
    words[2] === "in" &&
    words.slice(3).every((word) => !word.includes("$(") && !word.includes("`"))
  );
}

function directory(path: unknown): string {
  const text = typeof path === "string" ? path.replace(/^\.\//, "").replace(/\/+$/, "") : "";
  return text === "" ? "." : text;
}

/** Besides the base branch's rootward and npm in its directory, all a privileged job may run. */
const SHELL_WORDS = new Set(["echo", "cat", "mkdir", "jq", "set", "exit", "break", "[", "git"]);

/** `name=value` without a command substitution: a shell assignment, which runs nothing. */
function isPlainAssignment(word: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*=/.test(word) && !word.includes("$(") && !word.includes("`");
}

/**
 * Where a workflow that pull requests trigger lets their code run next to a token worth stealing:
 * in a job with `id-token: write` or any write permission, every checkout not pinned to the base
 * branch is the pull request's, and nothing of it may run. rootward runs only as `node "$ROOTWARD"`
 * with ROOTWARD inside the base branch's checkout, npm and npx only in that checkout.
 */
export function violations(parsed: Workflow): string[] {
  // A reusable workflow runs for whatever calls it, pull requests included.
  if (!events(parsed).some((event) => event.startsWith("pull_request") || event === "workflow_call"))
    return [];
  const found: string[] = [];
  for (const [id, job] of Object.entries(parsed.jobs)) {
    if (!Object.values(job.permissions ?? {}).includes("write")) continue;
    const steps = job.steps ?? [];
    const checkouts = steps.filter((step) => step.uses?.startsWith("actions/checkout@"));
    const tools = checkouts.filter(isToolCheckout).map((step) => directory(step.with?.path));
    const pulls = checkouts.filter((step) => !isToolCheckout(step)).map((step) => directory(step.with?.path));
    const overlaps = (a: string, b: string) =>
      a === "." || b === "." || a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
    for (const pull of pulls)
      for (const tool of tools)
        if (overlaps(pull, tool))
          found.push(`${id}: the pull request's checkout (${pull}) overlaps rootward's (${tool})`);
    for (const pull of pulls)
      if (pull === ".") found.push(`${id}: the pull request's checkout fills the workspace`);
    const rootward = job.env?.ROOTWARD ?? parsed.env?.ROOTWARD ?? "";
    const rootwardInTool = tools.some((tool) => tool !== "." && rootward.startsWith(`${WORKSPACE}/${tool}/`));
    for (const step of steps) {
      if (step.uses?.startsWith("./")) found.push(`${id}: uses a local action ${step.uses}`);
      if (!step.run) continue;
      const where = directory(step["working-directory"]);
      for (const [program = "", ...args] of commands(step.run)) {
        if (["npm", "npx", "yarn", "pnpm", "corepack"].includes(program)) {
          if (!tools.includes(where) || pulls.some((pull) => overlaps(pull, where)))
            found.push(`${id}: ${program} runs in ${where}, not in the base branch's checkout`);
        } else if (program === "node") {
          if (args[0] !== '"$ROOTWARD"' || !rootwardInTool) found.push(`${id}: node runs ${args[0] ?? ""}`);
        } else if (!SHELL_WORDS.has(program) && !isPlainAssignment(program))
          found.push(`${id}: runs ${program}`);
      }
    }
  }
  return found;
}

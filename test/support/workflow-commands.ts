import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/**
 * Every rootward command line a workflow job runs, read from `.github/workflows/*.yml`, so the
 * role-scoped tests run exactly what CI runs (and fail when a workflow gains a command no test
 * runs). Understands the shell the workflows use: `npx rootward …` or `node "$ROOTWARD" …`,
 * double-quoted words, `$VAR` expansion, and `>`, `>>` redirections of stdout.
 */
export type RootwardInvocation = {
  workflow: string;
  job: string;
  step: string;
  /** The line as written in the workflow, for messages. */
  line: string;
  /** The words after `rootward`, variables not yet expanded. */
  words: string[];
  redirect?: { target: string; append: boolean };
};

export type WorkflowJob = {
  workflow: string;
  job: string;
  /** `plan` or `apply`: the repository variable of the role the job assumes, if any. */
  role?: "plan" | "apply";
  invocations: RootwardInvocation[];
};

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { steps?: Step[] };

const WORKFLOWS = join(import.meta.dirname, "../../.github/workflows");
const COMMAND = /(?:npx rootward|node "\$ROOTWARD")\s+(.*)$/;

export function workflowJobs(workflow: string): WorkflowJob[] {
  const parsed = parse(readFileSync(join(WORKFLOWS, workflow), "utf8")) as { jobs: Record<string, Job> };
  return Object.entries(parsed.jobs).map(([job, definition]) => {
    const steps = definition.steps ?? [];
    const roleStep = steps.find((step) => step.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    const roleArn = String(roleStep?.with?.["role-to-assume"] ?? "");
    // vars.ROOTWARD_PLAN_ROLE_ARN, matrix.organization.plan-role-arn, inputs.plan-role-arn, …
    const role = /PLAN_ROLE|plan-role/.test(roleArn)
      ? "plan"
      : /APPLY_ROLE|apply-role/.test(roleArn)
        ? "apply"
        : undefined;
    const invocations = steps.flatMap((step, index) =>
      (step.run ?? "")
        .split("\n")
        .map((line) => line.trim())
        .filter((line) => !line.startsWith("#") && COMMAND.test(line))
        .map((line) => invocation(workflow, job, step.name ?? `step ${index + 1}`, line)),
    );
    return { workflow, job, ...(role ? { role } : {}), invocations };
  });
}

function invocation(workflow: string, job: string, step: string, line: string): RootwardInvocation {
  const rest = (COMMAND.exec(line)?.[1] ?? "").replace(/;\s*then$/, "");
  const words = shellWords(rest);
  const at = words.findIndex((word) => word === ">" || word === ">>");
  if (at < 0) return { workflow, job, step, line, words };
  const target = words[at + 1];
  if (target === undefined) throw new Error(`redirection without a target in ${workflow} ${job}: ${line}`);
  return {
    workflow,
    job,
    step,
    line,
    words: words.slice(0, at),
    redirect: { target, append: words[at] === ">>" },
  };
}

/** Splits on blanks outside double quotes; quotes are removed, `$VAR` is kept for expansion. */
function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = "";
  let quoted = false;
  let started = false;
  for (const character of text) {
    if (character === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(character)) {
      if (started) words.push(current);
      current = "";
      started = false;
    } else {
      current += character;
      started = true;
    }
  }
  if (quoted) throw new Error(`unbalanced quote in: ${text}`);
  if (started) words.push(current);
  return words;
}

/** `$NAME` and `${NAME}` replaced from `variables`; an unknown variable is an error, never "". */
export function expand(word: string, variables: Readonly<Record<string, string>>): string {
  return word.replace(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`the workflow uses $${name}, which the test does not set`);
    return value;
  });
}

/** The `run:` script of one step, by workflow, job and step name (for steps that are plain shell). */
export function stepScript(workflow: string, job: string, step: string): string {
  const parsed = parse(readFileSync(join(WORKFLOWS, workflow), "utf8")) as { jobs: Record<string, Job> };
  const found = parsed.jobs[job]?.steps?.find((entry) => entry.name === step)?.run;
  if (found === undefined) throw new Error(`no step "${step}" with a script in ${workflow} ${job}`);
  return found;
}

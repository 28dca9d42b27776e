import type { Command, Option } from "commander";
import { RootwardError } from "../errors.js";

/**
 * Checks what commander lets through or explains badly, before it parses:
 * - an option that takes a value followed by another option (`plan --out --quiet`): commander
 *   would take `--quiet` as the file name, so a typo silently writes a file called `--quiet`;
 * - Terraform's single-dash long options (`-out=plan.json`, `-detailed-exitcode`), which
 *   commander reports only as unknown: the hint names the rootward spelling.
 * Unknown `--options` are left to commander, which already suggests the closest one.
 * A value that really starts with a dash stays possible with `--out=-name` or `--out ./-name`.
 */
export function checkArgv(program: Command, argv: readonly string[]): void {
  let command = program;
  let options = [...program.options];
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] ?? "";
    if (token === "--") return;
    if (!token.startsWith("-")) {
      const sub = command.commands.find((candidate) => candidate.name() === token);
      if (sub) {
        command = sub;
        options = [...options, ...sub.options];
      }
      continue;
    }
    if (token.startsWith("--")) {
      const option = token.includes("=") ? undefined : findLong(options, token);
      const next = argv[index + 1];
      if (option?.required && next !== undefined && looksLikeOption(next)) throw swallowed(option, next);
      if (option?.required) index++;
      continue;
    }
    if (token.length > 2) singleDashLong(options, token);
  }
}

function findLong(options: readonly Option[], long: string): Option | undefined {
  return options.find((option) => option.long === long);
}

function looksLikeOption(value: string): boolean {
  return value.length > 1 && value.startsWith("-");
}

function swallowed(option: Option, next: string): RootwardError {
  const long = option.long ?? option.flags;
  return new RootwardError("usage", `option '${option.flags}' needs a value, but got the option '${next}'`, {
    hint: `give ${long} its value first (e.g. ${long} ${placeholder(option)}); a value that starts with a dash is written ${long}=${next}`,
  });
}

function placeholder(option: Option): string {
  return option.flags.match(/<([^>]+)>/)?.[1]?.toUpperCase() ?? "VALUE";
}

/** `-out=plan.json` → `--out plan.json`, `-detailed-exitcode` → `--detailed-exitcode`. */
function singleDashLong(options: readonly Option[], token: string): void {
  const equals = token.indexOf("=");
  const name = equals === -1 ? token.slice(1) : token.slice(1, equals);
  const option = findLong(options, `--${name}`) ?? findLong(options, `--${name.replaceAll("_", "-")}`);
  if (!option?.long) return;
  const value = equals === -1 ? "" : ` ${token.slice(equals + 1)}`;
  throw new RootwardError("usage", `unknown option '${token}'`, {
    hint: `did you mean ${option.long}${value}? rootward's long options start with two dashes`,
  });
}

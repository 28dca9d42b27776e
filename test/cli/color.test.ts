import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { plan } from "../../src/plan/plan.js";
import { renderPlanJson } from "../../src/report/plan-json.js";
import { captureIo } from "../support/capture-io.js";
import { richInputs } from "../support/rich-plan.js";
import { tempDirs } from "../support/sandbox-cli.js";

const temp = tempDirs();
const ESCAPE = "\u001b[";

describe("colours: --no-color, NO_COLOR and FORCE_COLOR", () => {
  it.each<[string, { tty: boolean; env: Record<string, string>; flags: string[] }, boolean]>([
    ["a terminal", { tty: true, env: {}, flags: [] }, true],
    ["a pipe", { tty: false, env: {}, flags: [] }, false],
    ["a terminal with --no-color", { tty: true, env: {}, flags: ["--no-color"] }, false],
    [
      "a terminal with --no-color before the command",
      { tty: true, env: {}, flags: ["--no-color", "first"] },
      false,
    ],
    ["a terminal with NO_COLOR=1", { tty: true, env: { NO_COLOR: "1" }, flags: [] }, false],
    [
      "a terminal with NO_COLOR empty (unset, per no-color.org)",
      { tty: true, env: { NO_COLOR: "" }, flags: [] },
      true,
    ],
    ["a pipe with FORCE_COLOR=1", { tty: false, env: { FORCE_COLOR: "1" }, flags: [] }, true],
    ["a terminal with FORCE_COLOR=0", { tty: true, env: { FORCE_COLOR: "0" }, flags: [] }, false],
    ["a terminal with FORCE_COLOR=false", { tty: true, env: { FORCE_COLOR: "false" }, flags: [] }, false],
    [
      "a pipe with FORCE_COLOR=1 and --no-color",
      { tty: false, env: { FORCE_COLOR: "1" }, flags: ["--no-color"] },
      false,
    ],
    [
      "a pipe with FORCE_COLOR=1 and NO_COLOR=1",
      { tty: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" }, flags: [] },
      false,
    ],
  ])("rootward show on %s", async (_name, setting, colored) => {
    const cwd = temp();
    const { desired, audit, now } = richInputs();
    writeFileSync(join(cwd, "plan.json"), renderPlanJson(plan(desired, audit, now)));
    const captured = captureIo(cwd, now);
    const io = { ...captured.io, isTty: setting.tty, env: setting.env };
    const argv = setting.flags.includes("first")
      ? ["--no-color", "show", "plan.json"]
      : ["show", "plan.json", ...setting.flags];

    const code = await runCli(argv, io);

    expect(code).toBe(0);
    expect(captured.stdout().includes(ESCAPE)).toBe(colored);
  });
});

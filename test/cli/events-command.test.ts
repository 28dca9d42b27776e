import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/program.js";
import { memberTemplate, receiverTemplate } from "../../src/events/templates.js";
import { captureIo } from "../support/capture-io.js";

const NOW = new Date("2026-11-22T12:00:00Z");

async function run(args: string[]) {
  const captured = captureIo(import.meta.dirname, NOW);
  const code = await runCli(args, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

describe("rootward events", () => {
  it.each([
    ["member", memberTemplate()],
    ["receiver", receiverTemplate()],
  ])("%s prints the template as JSON", async (name, template) => {
    const result = await run(["events", name]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(template)));
  });

  it("refuses another template name", async () => {
    const result = await run(["events", "everything"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Allowed choices are member, receiver/);
  });
});

describe("rootward drift inputs", () => {
  it("needs --plan or --event, and not both", async () => {
    const neither = await run(["drift"]);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toContain("rootward drift needs --plan FILE or --event FILE");
    const both = await run(["drift", "--plan", "plan.json", "--event", "event.json"]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/option '--event <file>' cannot be used with option '--plan <file>'/);
  });
});

import { describe, expect, it } from "vitest";
import { progressReporter } from "./progress.js";

function reporter(options: { isTty: boolean; quiet?: boolean }) {
  let now = 0;
  let out = "";
  const progress = progressReporter({
    write: (text) => {
      out += text;
    },
    isTty: options.isTty,
    quiet: options.quiet ?? false,
    now: () => now,
    intervalMs: 1000,
  });
  return {
    progress,
    advance: (ms: number) => {
      now += ms;
    },
    output: () => out,
  };
}

describe("audit progress", () => {
  it("prints a plain line every interval in CI logs, with an ETA once discovery is done", () => {
    const { progress, advance, output } = reporter({ isTty: false });

    advance(1000);
    progress.update({ discovered: 40, finished: 10, failed: 0, discoveryDone: false });
    advance(200);
    progress.update({ discovered: 40, finished: 12, failed: 0, discoveryDone: false });
    advance(1000);
    progress.update({ discovered: 50, finished: 25, failed: 1, discoveryDone: true });
    progress.finish();

    expect(output().split("\n").filter(Boolean)).toEqual([
      "audit: discovering the organization, 40 accounts found, 10 audited, 1s",
      "audit: 25/50 accounts, 1 failed, 2s ETA 3s",
      "audit: 25/50 accounts, 1 failed, 2s ETA 3s",
    ]);
  });

  it("redraws one line with a bar on a terminal", () => {
    const { progress, advance, output } = reporter({ isTty: true });

    advance(1000);
    progress.update({ discovered: 10, finished: 5, failed: 0, discoveryDone: true });
    progress.finish();

    expect(output()).toContain("\r\u001b[2Kaudit [############............] 5/10 ETA 1s");
    expect(output().endsWith("\n")).toBe(true);
  });

  it("says nothing before the first interval: not a misleading '1 account' line", () => {
    const { progress, advance, output } = reporter({ isTty: false });

    progress.update({ discovered: 1, finished: 0, failed: 0, discoveryDone: false });
    advance(500);
    progress.update({ discovered: 3, finished: 1, failed: 0, discoveryDone: false });

    expect(output()).toBe("");
  });

  it("prints nothing with --quiet", () => {
    const { progress, advance, output } = reporter({ isTty: false, quiet: true });

    advance(5000);
    progress.update({ discovered: 10, finished: 5, failed: 0, discoveryDone: true });
    progress.finish();

    expect(output()).toBe("");
  });
});

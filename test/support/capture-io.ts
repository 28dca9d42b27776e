import type { CliIo } from "../../src/cli/io.js";

export type CapturedIo = { io: CliIo; stdout(): string; stderr(): string };

/** A CliIo that records what a command prints, with a fixed clock so output never depends on the day. */
export function captureIo(cwd: string, now: Date): CapturedIo {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      now: () => now,
      env: {},
      cwd,
      isTty: false,
      // Not a terminal, so commands must not ask; answering "no" keeps a wrong call harmless.
      confirm: async () => false,
      onInterrupt: () => () => {},
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

import { createInterface } from "node:readline/promises";

/** What a command may touch of the outside world, injected so tests run commands in-process. */
export type CliIo = {
  stdout(text: string): void;
  stderr(text: string): void;
  now(): Date;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  isTty: boolean;
  /**
   * Whether stderr is a terminal: progress goes there, so `audit --format json > a.json` still
   * shows a bar. Absent means no.
   */
  stderrIsTty?: boolean;
  /** Asks on the terminal; only called when `isTty`. */
  confirm(question: string): Promise<boolean>;
  /** Calls `handler` on SIGINT/SIGTERM until the returned function is called. */
  onInterrupt(handler: () => void): () => void;
};

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    now: () => new Date(),
    env: process.env,
    cwd: process.cwd(),
    isTty: process.stdout.isTTY === true && process.stdin.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    async confirm(question) {
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return (await prompt.question(question)).trim() === "yes";
      } finally {
        prompt.close();
      }
    },
    onInterrupt(handler) {
      process.on("SIGINT", handler);
      process.on("SIGTERM", handler);
      return () => {
        process.off("SIGINT", handler);
        process.off("SIGTERM", handler);
      };
    },
  };
}

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
  const stdout = quietOnEpipe(process.stdout);
  const stderr = quietOnEpipe(process.stderr);
  return {
    stdout: (text) => stdout(text),
    stderr: (text) => stderr(text),
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

/**
 * `rootward plan | head`: once the reader has gone (EPIPE), what is left to print is dropped
 * instead of ending in an unhandled 'error' event and a stack trace. The command itself runs
 * to its end with its own exit code: an apply is never cut short because its reader left.
 */
function quietOnEpipe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

/** Who has to act when something fails; decides the wording and that no stack trace is shown. */
export type Fault = "user" | "aws" | "internal";

/**
 * An error meant for the person running rootward: what is wrong, and how to fix it.
 * Adapters translate vendor errors into this at the boundary (STYLE.md §8).
 */
export class RootwardError extends Error {
  readonly code: string;
  readonly fault: Fault;
  readonly hint: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { fault?: Fault; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "RootwardError";
    this.code = code;
    this.fault = options.fault ?? "user";
    this.hint = options.hint;
  }
}

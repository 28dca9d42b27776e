import { type Command, InvalidArgumentError, Option } from "commander";
import {
  DEFAULT_HTTP_TIMEOUT_SECONDS,
  HTTP_TIMEOUT_ENV,
  parseTimeoutSeconds,
  TIMEOUT_ATTEMPTS,
} from "../http-timeout.js";

/**
 * Options of every command that only set an environment variable for this run, so that a flag
 * and its variable always mean the same thing and the clients read one place (`io.env`).
 */
export function addEnvironmentOptions(program: Command, env: Record<string, string | undefined>): void {
  program.addOption(
    new Option(
      "--timeout <seconds>",
      `seconds to wait for an answer from AWS or GitHub, per attempt (sets ${HTTP_TIMEOUT_ENV}; default ${DEFAULT_HTTP_TIMEOUT_SECONDS}; an AWS call that gets none is tried ${TIMEOUT_ATTEMPTS} times)`,
    ).argParser((value) => {
      if (parseTimeoutSeconds(value) === undefined)
        throw new InvalidArgumentError(
          "--timeout must be a number of seconds greater than 0 (at most 86400)",
        );
      return value;
    }),
  );
  program.option(
    "--no-color",
    "no colours in the output (sets NO_COLOR; FORCE_COLOR=1 forces them into a pipe)",
  );
  program.hook("preAction", () => {
    const { timeout, color } = program.opts<{ timeout?: string; color?: boolean }>();
    if (timeout !== undefined) env[HTTP_TIMEOUT_ENV] = timeout;
    if (color === false) env.NO_COLOR = "1";
  });
}

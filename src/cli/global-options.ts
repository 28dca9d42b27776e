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
  // As in the AWS CLI, a flag beats its variable and the variable beats the config file, and an
  // explicit --profile sets aside static keys left in the environment (botocore: "an explicitly
  // provided profile will negate an EnvProvider"; the JS SDK's chain skips them too and warns).
  program.option("--profile <name>", "the AWS profile to use (sets AWS_PROFILE for this run)");
  program.option("--region <region>", "the AWS region to use (sets AWS_REGION for this run)");
  program.option(
    "--no-color",
    "no colours in the output (sets NO_COLOR; FORCE_COLOR=1 forces them into a pipe)",
  );
  program.hook("preAction", () => {
    const { timeout, color, profile, region } = program.opts<{
      timeout?: string;
      color?: boolean;
      profile?: string;
      region?: string;
    }>();
    if (timeout !== undefined) env[HTTP_TIMEOUT_ENV] = timeout;
    if (profile !== undefined) {
      env.AWS_PROFILE = profile;
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
        delete env[name];
    }
    if (region !== undefined) env.AWS_REGION = region;
    if (color === false) env.NO_COLOR = "1";
  });
}

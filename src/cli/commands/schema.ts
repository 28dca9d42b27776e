import { desiredStateJsonSchema } from "../../desired/json-schema.js";
import { ExitCode } from "../errors.js";
import type { CliIo } from "../io.js";

export function schemaCommand(io: CliIo): number {
  io.stdout(desiredStateJsonSchema());
  return ExitCode.ok;
}

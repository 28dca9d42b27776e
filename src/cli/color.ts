import type { CliIo } from "./io.js";

/**
 * Whether the text output (stdout) gets colours, in this order: `--no-color` (which sets
 * NO_COLOR for the run), NO_COLOR set to anything but "" (https://no-color.org), FORCE_COLOR
 * (Node's and chalk's convention: "0" or "false" off, anything else on, even into a pipe),
 * else only on a terminal.
 */
export function useColor(io: Pick<CliIo, "env" | "isTty">): boolean {
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force.toLowerCase() !== "false";
  return io.isTty;
}

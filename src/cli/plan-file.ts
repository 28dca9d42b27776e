import { readFile } from "node:fs/promises";
import { RootwardError } from "../errors.js";
import type { Plan } from "../plan/model.js";
import { parsePlanDocument } from "../plan/plan-schema.js";

/** Reads and checks a plan document written by `rootward plan --out`. */
export async function readPlanFile(file: string): Promise<Plan> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new RootwardError("plan-unreadable", `cannot read plan ${file}: ${(error as Error).message}`, {
      hint: "write one with `rootward plan --out plan.json`",
    });
  }
  const parsed = parsePlanDocument(data);
  if ("problems" in parsed) {
    throw new RootwardError(
      "plan-invalid",
      `${file} is not a rootward plan:\n  ${parsed.problems.join("\n  ")}`,
      {
        hint: "write one with `rootward plan --out plan.json` using this version of rootward",
      },
    );
  }
  return parsed.plan;
}

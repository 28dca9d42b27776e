import { z } from "zod";
import { DesiredStateDocument } from "./schema.js";

/** The JSON Schema editors use to complete and check desired-state files; generated, never hand-edited. */
export function desiredStateJsonSchema(): string {
  const schema = z.toJSONSchema(DesiredStateDocument, { target: "draft-2020-12" });
  const document = {
    ...schema,
    $id: "https://github.com/rootward/rootward/blob/main/desired-state/rootward.schema.json",
    title: "rootward desired state (rootward/v1)",
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

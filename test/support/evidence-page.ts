import type { TableSpec } from "../../src/evidence/html/tables.js";

/** The tables an evidence page carries as JSON (`<script type="application/json" id="rootward-data">`). */
export function embeddedTables(page: string): Record<string, TableSpec> {
  const match = /<script type="application\/json" id="rootward-data">([\s\S]*?)<\/script>/.exec(page);
  if (!match?.[1]) throw new Error("the page has no rootward-data script");
  return (JSON.parse(match[1]) as { tables: Record<string, TableSpec> }).tables;
}

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { desiredStateJsonSchema } from "./json-schema.js";

const DESIRED_STATE = join(import.meta.dirname, "../../desired-state");
const COMMITTED = join(DESIRED_STATE, "rootward.schema.json");

function exampleFiles(): string[] {
  return readdirSync(DESIRED_STATE, { recursive: true, encoding: "utf8" })
    .filter((path) => /\.ya?ml$/.test(path))
    .sort();
}

function validator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(COMMITTED, "utf8")));
}

describe("the committed JSON Schema", () => {
  it("is what the zod schema generates", () => {
    expect(
      readFileSync(COMMITTED, "utf8"),
      "desired-state/rootward.schema.json is stale: run `npm run build && node dist/cli/main.js schema > desired-state/rootward.schema.json`",
    ).toBe(desiredStateJsonSchema());
  });

  it("has a description for every property, so editors can explain each field", () => {
    const undocumented: string[] = [];
    function visit(node: unknown, path: string): void {
      if (node === null || typeof node !== "object") return;
      const record = node as Record<string, unknown>;
      const properties = record.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, value] of Object.entries(properties ?? {})) {
        const described = (schema: Record<string, unknown>): boolean =>
          typeof schema.description === "string" ||
          (Array.isArray(schema.anyOf) && schema.anyOf.some((option) => described(option)));
        if (!described(value) && key !== "apiVersion" && key !== "kind") undocumented.push(`${path}.${key}`);
      }
      for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`);
    }
    visit(JSON.parse(readFileSync(COMMITTED, "utf8")), "$");
    expect(undocumented).toEqual([]);
  });

  it.each(exampleFiles())("accepts the example desired-state/%s (ajv, draft 2020-12)", (path) => {
    const validate = validator();
    const valid = validate(parse(readFileSync(join(DESIRED_STATE, path), "utf8")));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    ["an account id written as a number", { accounts: [111111111111] }, "/exceptions/0/accounts/0"],
    ["an unknown key", { acounts: ["111111111111"] }, "/exceptions/0"],
    [
      "accessKeys: present",
      { accounts: ["111111111111"], accessKeys: "present" },
      "/exceptions/0/accessKeys",
    ],
    ["an impossible date", { accounts: ["111111111111"], expires: "2027-02-30" }, "/exceptions/0/expires"],
  ])("rejects %s, as validate does", (_, fields, instancePath) => {
    const validate = validator();
    const document = {
      apiVersion: "rootward/v1",
      kind: "RootAccessExceptions",
      exceptions: [{ name: "x", password: "allowed", reason: "r", owner: "o", ...fields }],
    };
    expect(validate(document)).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toContain(instancePath);
  });
});

import { isSupportedOperator } from "./evaluate.js";

export type ScpStatement = {
  sid?: string;
  effect: "Allow" | "Deny";
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  /** operator → context key → values (IAM policy grammar). */
  conditions: Record<string, Record<string, string[]>>;
};

/**
 * Parses an SCP document into the statements the evaluator reads. Throws with a readable
 * message on anything the evaluator would silently misjudge (unknown condition operators,
 * missing Effect), so neither the sandbox nor a plan silently misjudges a deny.
 */
export function parseScpContent(content: string): ScpStatement[] {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch (error) {
    throw new Error(`policy content is not JSON: ${(error as Error).message}`);
  }
  return parsePolicyDocument(document);
}

/** The statements of an already-decoded policy document (IAM JSON policy grammar). */
export function parsePolicyDocument(document: unknown): ScpStatement[] {
  if (!isRecord(document)) throw new Error("policy content must be a JSON object");
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return statements.map((statement, index) => parseStatement(statement, index));
}

/**
 * An identity-based (permissions) policy: the SCP grammar plus IAM's own rules for these
 * documents, so a policy IAM would refuse is refused here instead of being judged. IAM rejects a
 * `Principal` in an identity policy and a statement without `Resource`/`NotResource`
 * (MalformedPolicyDocument, IAM User Guide "IAM JSON policy elements"). Policy variables
 * (`${aws:username}`) are not substituted by this evaluator, so they are refused too.
 */
export function parseIdentityPolicy(document: unknown): ScpStatement[] {
  const statements = parsePolicyDocument(document);
  const raw = isRecord(document) ? document.Statement : undefined;
  const list: unknown[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  list.forEach((item, index) => {
    if (!isRecord(item)) return;
    if (item.Principal !== undefined || item.NotPrincipal !== undefined)
      throw new Error(`Statement[${index}] has a Principal, which an identity-based policy cannot have`);
    if (item.Resource === undefined && item.NotResource === undefined)
      throw new Error(`Statement[${index}] needs Resource or NotResource`);
  });
  if (JSON.stringify(document).includes("${"))
    throw new Error("policy variables ($ followed by {key}) are not supported by the sandbox evaluator");
  return statements;
}

function parseStatement(raw: unknown, index: number): ScpStatement {
  const where = `Statement[${index}]`;
  if (!isRecord(raw)) throw new Error(`${where} must be an object`);
  const effect = raw.Effect;
  if (effect !== "Allow" && effect !== "Deny") throw new Error(`${where}.Effect must be "Allow" or "Deny"`);
  const statement: ScpStatement = { effect, conditions: {} };
  if (typeof raw.Sid === "string" && raw.Sid !== "") statement.sid = raw.Sid;
  const actions = stringList(raw.Action, `${where}.Action`);
  const notActions = stringList(raw.NotAction, `${where}.NotAction`);
  const resources = stringList(raw.Resource, `${where}.Resource`);
  const notResources = stringList(raw.NotResource, `${where}.NotResource`);
  if (!actions && !notActions) throw new Error(`${where} needs Action or NotAction`);
  if (actions) statement.actions = actions;
  if (notActions) statement.notActions = notActions;
  if (resources) statement.resources = resources;
  if (notResources) statement.notResources = notResources;
  if (raw.Condition !== undefined) {
    if (!isRecord(raw.Condition)) throw new Error(`${where}.Condition must be an object`);
    for (const [operator, entries] of Object.entries(raw.Condition)) {
      if (!isSupportedOperator(operator)) {
        throw new Error(
          `${where}.Condition operator ${operator} is not supported (use String*, Arn*, Bool, Null, optionally …IfExists)`,
        );
      }
      if (!isRecord(entries)) throw new Error(`${where}.Condition.${operator} must be an object`);
      const parsed: Record<string, string[]> = {};
      for (const [key, value] of Object.entries(entries)) {
        parsed[key] = stringList(value, `${where}.Condition.${operator}.${key}`) ?? [];
      }
      statement.conditions[operator] = parsed;
    }
  }
  return statement;
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item === "string") return item;
    if (typeof item === "boolean" || typeof item === "number") return String(item);
    throw new Error(`${where} must be a string or a list of strings`);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A structural check of a JSON CloudFormation template, for the resource types rootward's
 * templates use: known top-level sections, every resource of a known type with the properties
 * CloudFormation requires, every Ref / Fn::GetAtt / ${…} of Fn::Sub naming a declared parameter,
 * resource (with an attribute that type returns) or pseudo parameter. Returns every problem.
 * Types and attributes: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html
 * and the sibling pages of AWS::Events::EventBus / EventBusPolicy / Connection / ApiDestination,
 * AWS::IAM::Role.
 */
const RESOURCE_TYPES: Record<string, { required: string[]; attributes: string[] }> = {
  "AWS::Events::Rule": { required: [], attributes: ["Arn"] },
  "AWS::Events::EventBus": { required: ["Name"], attributes: ["Arn", "Name", "Policy"] },
  "AWS::Events::EventBusPolicy": { required: ["StatementId"], attributes: [] },
  "AWS::Events::Connection": { required: ["AuthorizationType"], attributes: ["Arn", "SecretArn"] },
  "AWS::Events::ApiDestination": {
    required: ["ConnectionArn", "HttpMethod", "InvocationEndpoint"],
    attributes: ["Arn"],
  },
  "AWS::IAM::Role": { required: ["AssumeRolePolicyDocument"], attributes: ["Arn", "RoleId"] },
};
const SECTIONS = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Parameters",
  "Conditions",
  "Resources",
  "Outputs",
]);
const PARAMETER_TYPES = new Set(["String", "Number", "CommaDelimitedList"]);
const PSEUDO = new Set([
  "AWS::AccountId",
  "AWS::Region",
  "AWS::Partition",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

export function checkTemplate(template: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(template)) if (!SECTIONS.has(key)) problems.push(`unknown section ${key}`);
  if (template.AWSTemplateFormatVersion !== "2010-09-09")
    problems.push("AWSTemplateFormatVersion is not 2010-09-09");
  const parameters = (template.Parameters ?? {}) as Record<string, Record<string, unknown>>;
  const resources = (template.Resources ?? {}) as Record<
    string,
    { Type?: string; Condition?: string; Properties?: Record<string, unknown> }
  >;
  const conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  if (Object.keys(resources).length === 0) problems.push("no resources");
  for (const [name, parameter] of Object.entries(parameters)) {
    if (!PARAMETER_TYPES.has(String(parameter.Type)))
      problems.push(`parameter ${name}: type ${parameter.Type}`);
    if (typeof parameter.AllowedPattern === "string" && typeof parameter.Default === "string") {
      if (!new RegExp(parameter.AllowedPattern).test(parameter.Default))
        problems.push(`parameter ${name}: default does not match its AllowedPattern`);
    }
  }
  for (const [name, resource] of Object.entries(resources)) {
    if (!/^[A-Za-z0-9]+$/.test(name)) problems.push(`resource ${name}: logical ids are alphanumeric`);
    if (name in parameters) problems.push(`${name} is both a parameter and a resource`);
    if (resource.Condition !== undefined && !(resource.Condition in conditions))
      problems.push(`resource ${name}: condition ${resource.Condition} is not declared`);
    const type = RESOURCE_TYPES[resource.Type ?? ""];
    if (!type) {
      problems.push(`resource ${name}: unknown type ${resource.Type}`);
      continue;
    }
    for (const property of type.required)
      if (!(property in (resource.Properties ?? {})))
        problems.push(`resource ${name}: ${property} is required`);
  }
  const refs = (where: string, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) refs(where, item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const entries = Object.entries(value);
    const [only] = entries;
    if (entries.length === 1 && only) {
      const [fn, argument] = only;
      if (fn === "Ref") {
        const target = String(argument);
        if (!(target in parameters) && !(target in resources) && !PSEUDO.has(target))
          problems.push(`${where}: Ref ${target} names nothing declared`);
        return;
      }
      if (fn === "Fn::GetAtt") {
        const [resource, attribute] = argument as [string, string];
        const type = RESOURCE_TYPES[resources[resource]?.Type ?? ""];
        if (!type) problems.push(`${where}: Fn::GetAtt ${resource} names no resource`);
        else if (!type.attributes.includes(attribute))
          problems.push(`${where}: ${resources[resource]?.Type} has no attribute ${attribute}`);
        return;
      }
      if (fn === "Fn::Sub") {
        for (const match of String(argument).matchAll(/\$\{([^}!]+)\}/g)) {
          const [resource, attribute] = (match[1] ?? "").split(".");
          if (attribute !== undefined) refs(where, { "Fn::GetAtt": [resource, attribute] });
          else refs(where, { Ref: resource });
        }
        return;
      }
      if (fn === "Fn::Equals") {
        refs(where, argument);
        return;
      }
      if (fn.startsWith("Fn::")) problems.push(`${where}: intrinsic ${fn} is not checked here`);
    }
    for (const [key, inner] of entries) refs(`${where}.${key}`, inner);
  };
  for (const [name, resource] of Object.entries(resources)) refs(`Resources.${name}`, resource.Properties);
  refs("Outputs", template.Outputs);
  refs("Conditions", conditions);
  return problems;
}

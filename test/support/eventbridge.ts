/**
 * What EventBridge does with an input transformer, for the paths rootward uses: each
 * `InputPathsMap` value is a dot-notation JSONPath into the event; each `<name>` of the template is
 * replaced by its value (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 * A path that resolves to nothing yields an empty string. Test support only.
 */
export function applyInputTransformer(
  transformer: { InputPathsMap: Record<string, string>; InputTemplate: string },
  event: unknown,
): string {
  const values = Object.fromEntries(
    Object.entries(transformer.InputPathsMap).map(([name, path]) => [name, resolvePath(event, path)]),
  );
  return transformer.InputTemplate.replace(/<([A-Za-z0-9_-]+)>/g, (placeholder, name: string) =>
    name in values ? String(values[name] ?? "") : placeholder,
  );
}

function resolvePath(event: unknown, path: string): unknown {
  if (!path.startsWith("$.")) throw new Error(`not a dot-notation JSONPath: ${path}`);
  let current: unknown = event;
  for (const key of path.slice(2).split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

import { RootwardError } from "../errors.js";
import { AuditSnapshot, SNAPSHOT_VERSION } from "./snapshot.js";

/** Reads back a snapshot written by `rootward audit`, refusing anything that does not match the schema. */
export function parseAuditSnapshot(text: string, file: string): AuditSnapshot {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RootwardError("audit-invalid", `${file} is not JSON: ${(error as Error).message}`, {
      hint: "pass a file written by `rootward audit --out FILE`",
    });
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (version !== SNAPSHOT_VERSION) {
    throw new RootwardError(
      "audit-version",
      `${file} is an audit snapshot of version ${String(version)}; this rootward reads version ${SNAPSHOT_VERSION}`,
      {
        hint: "re-run `rootward audit` with this version of rootward",
      },
    );
  }
  const result = AuditSnapshot.safeParse(data);
  if (!result.success) {
    const first = result.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new RootwardError(
      "audit-invalid",
      `${file} is not a valid audit snapshot:\n  ${first.join("\n  ")}`,
      {
        hint: "pass a file written by `rootward audit --out FILE`",
      },
    );
  }
  return result.data;
}

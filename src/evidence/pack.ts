import { buildEvidence, type EvidenceInput } from "./build.js";
import { AUDIT_FILE, renderControlsCsv, renderControlsJson } from "./controls-files.js";
import type { HistoryPoint } from "./history.js";
import { renderEvidenceHtml } from "./html/page.js";
import { MANIFEST_FILE, type PackFile, renderManifest } from "./manifest.js";
import type { Evidence } from "./model.js";
import { postureRecordOf } from "./posture-record.js";

export const PACK_FILES = [
  "index.html",
  "controls.csv",
  "controls.json",
  "posture.json",
  AUDIT_FILE,
  MANIFEST_FILE,
] as const;

export type PackInput = EvidenceInput & {
  /** The audit snapshot's bytes as the pack keeps them (the --audit file unchanged, or the live audit). */
  auditBytes: Uint8Array;
};

/**
 * Every file of the evidence pack, manifest last. Pure: the caller writes them. The snapshot is
 * kept byte for byte, so its sha256 in the manifest equals the original file's.
 */
export function renderEvidencePack(input: PackInput): { evidence: Evidence; files: PackFile[] } {
  const evidence = buildEvidence(input);
  // Encoded once: the bytes are what the manifest hashes and what is written (at 10,000
  // accounts, encoding the large texts twice cost more than hashing them).
  const encoder = new TextEncoder();
  const files: PackFile[] = [
    { path: "index.html", content: encoder.encode(renderEvidenceHtml(evidence)) },
    { path: "controls.csv", content: encoder.encode(renderControlsCsv(evidence)) },
    { path: "controls.json", content: encoder.encode(renderControlsJson(evidence)) },
    {
      path: "posture.json",
      content: encoder.encode(`${JSON.stringify(postureRecordOf(evidence, input.desired, input.now))}\n`),
    },
    { path: AUDIT_FILE, content: input.auditBytes },
  ];
  const manifest = renderManifest(
    {
      generatedAt: evidence.generatedAt,
      tool: { name: "rootward", version: evidence.toolVersion },
      audit: {
        generatedAt: evidence.audit.generatedAt,
        organizationId: evidence.audit.organizationId,
        managementAccountId: evidence.audit.managementAccountId,
      },
      desiredState: {
        digest: input.desired.digest,
        ...(input.commit ? { commit: input.commit } : {}),
        files: input.desired.files.map((file) => ({ path: file.path, sha256: file.sha256 })),
      },
      previous: input.previous.map(previousEntry),
    },
    files,
  );
  return { evidence, files: [...files, { path: MANIFEST_FILE, content: encoder.encode(manifest) }] };
}

function previousEntry(point: HistoryPoint) {
  return { source: point.source, auditGeneratedAt: point.at, basis: point.basis };
}

import { describe, expect, it } from "vitest";
import type { RootCredentials } from "../audit/snapshot.js";
import { canonicalJson, sha256 } from "./canonical-json.js";
import { liveFingerprint } from "./fingerprint.js";

const empty: RootCredentials = {
  password: { present: false },
  accessKeys: [],
  mfaDevices: [],
  signingCertificates: [],
};
const held: RootCredentials = {
  password: { present: true, lastUsed: "2026-11-01T00:00:00Z" },
  accessKeys: [
    { accessKeyId: "AKIA1", status: "Active", lastUsedDate: "2026-11-01T00:00:00Z" },
    { accessKeyId: "AKIA2", status: "Inactive" },
  ],
  mfaDevices: [
    { serialNumber: "arn:aws:iam::111111111111:mfa/a", type: "virtual" },
    { serialNumber: "GAHT1", type: "hardware" },
  ],
  signingCertificates: [
    { certificateId: "C1", status: "Active" },
    { certificateId: "C2", status: "Inactive" },
  ],
};

/** The documented fingerprint: sha256 of the canonical JSON of sorted ids and statuses. */
function fingerprintOfSorted(credentials: RootCredentials): string {
  return sha256(
    canonicalJson({
      password: credentials.password.present,
      accessKeys: credentials.accessKeys.map((key) => [key.accessKeyId, key.status]).sort(),
      mfaDevices: credentials.mfaDevices.map((device) => device.serialNumber).sort(),
      signingCertificates: credentials.signingCertificates
        .map((certificate) => [certificate.certificateId, certificate.status])
        .sort(),
    }),
  );
}

describe("liveFingerprint", () => {
  it.each<[string, RootCredentials]>([
    ["nothing held", empty],
    ["only a password", { ...empty, password: { present: true } }],
    ["only a key", { ...empty, accessKeys: [{ accessKeyId: "AKIA1", status: "Active" }] }],
    ["only an MFA device", { ...empty, mfaDevices: [{ serialNumber: "GAHT1", type: "hardware" }] }],
    ["only a certificate", { ...empty, signingCertificates: [{ certificateId: "C1", status: "Active" }] }],
    ["everything", held],
  ])("is the sha256 of the sorted credential ids and statuses: %s", (_name, credentials) => {
    expect(liveFingerprint(credentials)).toBe(fingerprintOfSorted(credentials));
  });

  it.each<[string, RootCredentials]>([
    ["the password deleted", { ...held, password: { present: false } }],
    [
      "a key made inactive",
      { ...held, accessKeys: [{ accessKeyId: "AKIA1", status: "Inactive" }, held.accessKeys[1] as never] },
    ],
    ["a key deleted", { ...held, accessKeys: held.accessKeys.slice(1) }],
    ["an MFA device removed", { ...held, mfaDevices: held.mfaDevices.slice(1) }],
    [
      "a certificate made inactive",
      {
        ...held,
        signingCertificates: [
          { certificateId: "C1", status: "Inactive" },
          held.signingCertificates[1] as never,
        ],
      },
    ],
  ])("changes when %s", (_name, changed) => {
    expect(liveFingerprint(changed)).not.toBe(liveFingerprint(held));
  });

  it.each<[string, RootCredentials]>([
    [
      "credentials listed in another order",
      {
        ...held,
        accessKeys: [...held.accessKeys].reverse(),
        mfaDevices: [...held.mfaDevices].reverse(),
        signingCertificates: [...held.signingCertificates].reverse(),
      },
    ],
    [
      "last-used dates changed",
      {
        ...held,
        password: { present: true, lastUsed: "2026-11-21T00:00:00Z" },
        accessKeys: [
          { accessKeyId: "AKIA1", status: "Active", lastUsedDate: "2026-11-21T00:00:00Z" },
          held.accessKeys[1] as never,
        ],
      },
    ],
  ])("stays the same when only %s", (_name, same) => {
    expect(liveFingerprint(same)).toBe(liveFingerprint(held));
  });
  // Most accounts hold nothing, so that fingerprint is kept once; no other credential set may share it.
  it.each<[string, RootCredentials, RootCredentials]>([
    [
      "one access key",
      { ...empty, accessKeys: [{ accessKeyId: "AKIA1", status: "Active" }] },
      { ...empty, accessKeys: [{ accessKeyId: "AKIA2", status: "Active" }] },
    ],
    [
      "one MFA device",
      { ...empty, mfaDevices: [{ serialNumber: "GAHT1", type: "hardware" }] },
      { ...empty, mfaDevices: [{ serialNumber: "GAHT2", type: "hardware" }] },
    ],
    [
      "one signing certificate",
      { ...empty, signingCertificates: [{ certificateId: "C1", status: "Active" }] },
      { ...empty, signingCertificates: [{ certificateId: "C2", status: "Active" }] },
    ],
  ])("tells apart two accounts that each hold a different %s, and both from nothing", (_name, one, other) => {
    const fingerprints = [empty, one, other, empty].map(liveFingerprint);

    expect(new Set(fingerprints).size).toBe(3);
    expect(fingerprints[1]).toBe(fingerprintOfSorted(one));
    expect(fingerprints[2]).toBe(fingerprintOfSorted(other));
  });
});

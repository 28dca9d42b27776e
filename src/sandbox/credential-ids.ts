import {
  createRandom,
  deriveSeed,
  KEY_ID_ALPHABET,
  type Random,
  SECRET_ALPHABET,
  UPPER_ALNUM,
} from "./random.js";

/**
 * Identifier and secret formats, recognisable on sight and by `isSandboxSecret`: long-term key
 * ids are `AKIA` + 16, session key ids `ASIA` + 16 (IAM identifiers reference), certificate ids
 * 32 upper-case alphanumerics, hardware MFA serials `GAHT` + 8 digits (Gemalto tokens AWS sold).
 * Every issued secret carries the `SANDBOX` marker so a test can scan any output for leaks.
 */
export const SECRET_MARKER = "SANDBOX";

/** A stream seeded by the account id and kind: fixture credentials get the same ids in every run. */
export function accountRandom(accountId: string, kind: string): Random {
  return createRandom(deriveSeed(deriveSeed(0x5eed, accountId), kind));
}

export function accessKeyId(random: Random): string {
  return `AKIA${random.chars(KEY_ID_ALPHABET, 16)}`;
}

export function sessionKeyId(random: Random): string {
  return `ASIA${random.chars(KEY_ID_ALPHABET, 16)}`;
}

export function certificateId(random: Random): string {
  return random.chars(UPPER_ALNUM, 32);
}

export function hardwareSerial(random: Random): string {
  return `GAHT${String(random.int(100_000_000)).padStart(8, "0")}`;
}

export function virtualSerial(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:mfa/${name}`;
}

/** 40 characters like a real secret access key, starting with the marker. */
export function secretAccessKey(random: Random): string {
  return `${SECRET_MARKER}${random.chars(SECRET_ALPHABET, 33)}`;
}

export function sessionToken(random: Random): string {
  return `IQoJb3JpZ2luX2VjE${SECRET_MARKER}TOKEN${random.chars(SECRET_ALPHABET, 180)}`;
}

/** The one base64 line inside a fake certificate: the part a leak scan looks for. */
export function certificatePayload(random: Random): string {
  return `MIIC${SECRET_MARKER}CERT${random.chars(SECRET_ALPHABET, 56)}`;
}

export function certificateBody(payload: string): string {
  return `-----BEGIN CERTIFICATE-----\n${payload}\n-----END CERTIFICATE-----\n`;
}

export function certificatePayloadOf(body: string): string {
  return body.split("\n")[1] ?? body;
}

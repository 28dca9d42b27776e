import type { ServiceName } from "./errors.js";
import { SERVICE_NAMES } from "./errors.js";

export type SignedBy = { accessKeyId: string; region: string; service: string };

/**
 * Reads who signed a request from the SigV4 `Authorization` header
 * (`AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, SignedHeaders=…,
 * Signature=…`). The signature itself is not verified: the sandbox only needs to know which of
 * its credentials acted, and which service the client meant (one port serves them all).
 */
export function parseAuthorization(header: string | undefined): SignedBy | undefined {
  if (!header) return undefined;
  const start = header.indexOf("Credential=");
  if (start < 0) return undefined;
  const end = header.indexOf(",", start);
  const scope = header.slice(start + 11, end < 0 ? undefined : end).trim();
  const parts = scope.split("/");
  if (parts.length !== 5) return undefined;
  const [accessKeyId, , region, service] = parts;
  if (!accessKeyId || !region || !service) return undefined;
  return { accessKeyId, region, service };
}

export function asServiceName(service: string): ServiceName | undefined {
  return (SERVICE_NAMES as readonly string[]).includes(service) ? (service as ServiceName) : undefined;
}

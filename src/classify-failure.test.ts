import { OrganizationsServiceException } from "@aws-sdk/client-organizations";
import { STSServiceException } from "@aws-sdk/client-sts";
import { CredentialsProviderError } from "@smithy/core/config";
import { describe, expect, it } from "vitest";
import { classifyFailure, type FailureKind } from "./classify-failure.js";
import { RootwardError } from "./errors.js";

/** The shape the SDK throws for a code its model does not define (reference/dependencies.md). */
function stsError(name: string, message: string, status: number, attempts = 1): STSServiceException {
  return new STSServiceException({
    name,
    message,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status, attempts },
  });
}

/** What call-observer.ts attaches to every error of an AWS client built by createAwsClients. */
function fromCall<T extends object>(error: T, action: string, endpoint = "http://127.0.0.1:4566"): T {
  Object.defineProperty(error, "rootwardCall", {
    value: { action, endpoint, endpointSource: "AWS_ENDPOINT_URL" },
    enumerable: false,
  });
  return error;
}

function nodeError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

const PRINCIPAL = "arn:aws:sts::999999999999:assumed-role/rootward-plan/ci";

describe("classifyFailure", () => {
  type Expected = { kind: FailureKind; message?: string | RegExp; hint?: string | RegExp };

  it.each<[string, unknown, Expected]>([
    [
      "no credentials anywhere",
      new CredentialsProviderError("Could not load credentials from any providers", false),
      {
        kind: "credentials-missing",
        message: "no AWS credentials found: Could not load credentials from any providers",
      },
    ],
    [
      "an expired SSO session",
      new CredentialsProviderError(
        "The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.",
        false,
      ),
      { kind: "credentials-expired", hint: /aws sso login/ },
    ],
    [
      "ExpiredToken",
      stsError("ExpiredToken", "The security token included in the request is expired", 403),
      {
        kind: "credentials-expired",
        message:
          "the AWS credentials have expired (ExpiredToken: The security token included in the request is expired)",
      },
    ],
    [
      "InvalidClientTokenId",
      stsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
      { kind: "credentials-invalid", hint: /AWS_SESSION_TOKEN/ },
    ],
    [
      "AccessDenied naming principal and action",
      stsError(
        "AccessDenied",
        `User: ${PRINCIPAL} is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::111111111111:root`,
        403,
      ),
      {
        kind: "access-denied",
        message: new RegExp(
          `^access denied: ${PRINCIPAL} may not call sts:AssumeRoot \\(AccessDenied: User: `,
        ),
        hint: /^grant sts:AssumeRoot to the caller: `rootward iam-policy plan`/,
      },
    ],
    [
      "AccessDenied by an SCP",
      stsError(
        "AccessDenied",
        `User: ${PRINCIPAL} is not authorized to perform: iam:GetAccountSummary on resource: * with an explicit deny in a service control policy`,
        403,
      ),
      { kind: "access-denied", hint: /^a service control policy denies it/ },
    ],
    [
      "AccessDeniedException without the usual wording: the action of the call",
      fromCall(
        new OrganizationsServiceException({
          name: "AccessDeniedException",
          message: "You don't have permissions to access this resource.",
          $fault: "client",
          $metadata: { httpStatusCode: 400 },
        }),
        "organizations:ListAccounts",
      ),
      {
        kind: "access-denied",
        message: /^access denied: the caller may not call organizations:ListAccounts/,
      },
    ],
    [
      "throttling that outlived the retries",
      fromCall(stsError("ThrottlingException", "Rate exceeded", 400, 8), "sts:AssumeRoot"),
      {
        kind: "throttled",
        message: "AWS kept throttling sts:AssumeRoot (ThrottlingException) through 8 attempts",
      },
    ],
    [
      "an account outside any organization",
      new OrganizationsServiceException({
        name: "AWSOrganizationsNotInUseException",
        message: "Your account is not a member of an organization.",
        $fault: "client",
        $metadata: { httpStatusCode: 400 },
      }),
      { kind: "not-in-organization" },
    ],
    [
      "a refused connection of an AWS call",
      fromCall(
        Object.assign(nodeError("connect ECONNREFUSED 127.0.0.1:4566", { code: "ECONNREFUSED" }), {
          $metadata: { attempts: 8 },
        }),
        "organizations:DescribeOrganization",
      ),
      {
        kind: "unreachable",
        message:
          "cannot reach http://127.0.0.1:4566 (AWS_ENDPOINT_URL) for organizations:DescribeOrganization: connection refused (ECONNREFUSED) after 8 attempts",
        hint: /^nothing listens at AWS_ENDPOINT_URL/,
      },
    ],
    [
      "a DNS failure under fetch's TypeError",
      new TypeError("fetch failed", {
        cause: nodeError("getaddrinfo ENOTFOUND github.example.com", {
          code: "ENOTFOUND",
          hostname: "github.example.com",
        }),
      }),
      {
        kind: "unreachable",
        message: "cannot reach github.example.com: host name not found (ENOTFOUND)",
        hint: /DNS/,
      },
    ],
    [
      "a raw timeout",
      fromCall(nodeError("socket timed out", { name: "TimeoutError" }), "iam:GetAccountSummary"),
      {
        kind: "timeout",
        message: /^no answer from http:\/\/127\.0\.0\.1:4566 \(AWS_ENDPOINT_URL\) for iam:GetAccountSummary/,
      },
    ],
    [
      "rootward's own timeout",
      new RootwardError("endpoint-timeout", "no answer from …", { hint: "is it up?" }),
      { kind: "timeout", message: "no answer from …", hint: "is it up?" },
    ],
    [
      "a TLS-inspecting proxy",
      nodeError("self-signed certificate in certificate chain", { code: "SELF_SIGNED_CERT_IN_CHAIN" }),
      { kind: "tls", hint: /NODE_EXTRA_CA_CERTS/ },
    ],
    [
      "a missing file",
      nodeError("ENOENT: no such file or directory, open 'audit.json'", {
        code: "ENOENT",
        syscall: "open",
        path: "audit.json",
      }),
      { kind: "file", message: "cannot open audit.json: no such file or directory (ENOENT)" },
    ],
    [
      "a port in use",
      nodeError("listen EADDRINUSE", {
        code: "EADDRINUSE",
        syscall: "listen",
        address: "127.0.0.1",
        port: 4566,
      }),
      { kind: "input", message: "cannot listen on 127.0.0.1:4566 (EADDRINUSE)" },
    ],
    [
      "a 5xx that outlived the retries",
      fromCall(stsError("InternalFailure", "internal error", 500, 3), "sts:GetCallerIdentity"),
      {
        kind: "aws-error",
        message: "AWS answered sts:GetCallerIdentity with InternalFailure (HTTP 500) 3 times: internal error",
        hint: /retry in a few minutes/,
      },
    ],
  ])("%s", (_name, error, expected) => {
    const classified = classifyFailure(error);
    expect(classified).toMatchObject({
      kind: expected.kind,
      ...(typeof expected.message === "string" ? { message: expected.message } : {}),
    });
    if (expected.message instanceof RegExp) expect(classified?.message).toMatch(expected.message);
    if (expected.hint !== undefined) expect(classified?.hint).toMatch(expected.hint);
  });

  it.each([
    ["a programming error", new TypeError("Cannot read properties of undefined (reading 'id')")],
    ["an error without a code", new Error("boom")],
    ["not an error", "boom"],
  ])("leaves %s unclassified: that one is a bug", (_name, error) => {
    expect(classifyFailure(error)).toBeUndefined();
  });
});

import { readFileSync } from "node:fs";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { account, desiredFrom, NOW, policyYaml, snapshot } from "../../test/support/builders.js";
import { richInputs } from "../../test/support/rich-plan.js";
import { plan } from "../plan/plan.js";
import { renderPlanJson } from "./plan-json.js";
import { GITHUB_COMMENT_LIMIT, renderPlanMarkdown } from "./plan-markdown.js";
import { renderPlanSarif } from "./plan-sarif.js";
import { renderPlanText } from "./plan-text.js";
import { maskAccessKeyId } from "./plan-words.js";

const { desired, audit, now } = richInputs();
const rich = plan(desired, audit, now);

describe("plan renderers on a rich fixture", () => {
  it("covers every account action and the main finding kinds", () => {
    expect(new Set(rich.actions.map((action) => action.operation))).toEqual(
      new Set([
        "DisableOrganizationsRootSessions",
        "DeactivateMFADevice",
        "DeleteAccessKey",
        "DeleteSigningCertificate",
        "DeleteLoginProfile",
        "CreateLoginProfile",
        "DeleteBucketPolicy",
        "SetQueueAttributes",
      ]),
    );
    expect(new Set(rich.findings.map((finding) => finding.ruleId))).toEqual(
      new Set([
        "password-without-mfa",
        "password-recovery-needs-root-sessions",
        "recently-used-credential",
        "hardware-mfa-deactivation",
        "account-audit-failed",
        "account-not-active",
        "unmanaged-account-credentials",
        "exception-expired",
        "exception-expiring",
        "exception-unknown-account",
        "exception-unused",
        "scp-blocks-action",
        "unlock-done",
        "unlock-not-verified",
        "unlock-target-missing",
        "unlock-account-excluded",
      ]),
    );
  });

  it("text", () => {
    expect(renderPlanText(rich, { color: false })).toMatchSnapshot();
  });

  it("text with colour uses ANSI escapes only when asked", () => {
    expect(renderPlanText(rich, { color: true })).toContain("\u001b[");
    expect(renderPlanText(rich, { color: false })).not.toContain("\u001b[");
  });

  it("markdown", () => {
    expect(renderPlanMarkdown(rich)).toMatchSnapshot();
  });

  it("json keeps whole access key ids and sorted keys", () => {
    const json = renderPlanJson(rich);

    expect(json).toContain("AKIAIOSFODNN7EXAMPLE");
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(rich)));
    expect(json).toMatchSnapshot();
  });

  it("masks access key ids in markdown and SARIF", () => {
    const markdown = renderPlanMarkdown(rich);
    const sarif = renderPlanSarif(rich, "0.0.0-test");

    for (const output of [markdown, sarif]) {
      expect(output).not.toContain("AKIAIOSFODNN7EXAMPLE");
      expect(output).toContain("AKIA…MPLE");
    }
  });

  it("sarif validates against the SARIF 2.1.0 schema", () => {
    const schema = JSON.parse(
      readFileSync(new URL("../../test/fixtures/schemas/sarif-2.1.0-rtm.5.json", import.meta.url), "utf8"),
    );
    const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse(renderPlanSarif(rich, "0.0.0-test"));

    const valid = validate(log);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(log.runs[0].results.length).toBe(rich.findings.length + rich.summary.drift);
    expect(log).toMatchSnapshot();
  });
});

describe("plan renderers: no changes", () => {
  it("says so in every human format", () => {
    const clean = plan(
      desiredFrom({ "policy.yaml": policyYaml() }),
      snapshot([account("111111111111")]),
      NOW,
    );

    expect(renderPlanText(clean, { color: false })).toContain(
      "No changes. The organization matches the desired state.",
    );
    expect(renderPlanMarkdown(clean)).toContain("No changes. The organization matches the desired state.");
  });
});

describe("markdown size limit", () => {
  it("stays under GitHub's comment limit for 10,000 drifting accounts and points to the full plan", () => {
    const accounts = Array.from({ length: 10_000 }, (_, index) =>
      account(String(100000000000 + index), {
        name: `workload-${index}`,
        rootCredentials: {
          password: { present: true },
          accessKeys: [{ accessKeyId: `AKIA${String(index).padStart(16, "0")}`, status: "Active" }],
          mfaDevices: [],
          signingCertificates: [],
        },
      }),
    );
    const big = plan(desiredFrom({ "policy.yaml": policyYaml() }), snapshot(accounts), NOW);

    const markdown = renderPlanMarkdown(big, { fullPlanLink: "[plan.json](https://example.test/artifact)" });

    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain("This plan deletes root credentials");
    expect(markdown).toContain("more accounts to change");
    expect(markdown).toContain("[plan.json](https://example.test/artifact)");
  });

  it("stays under the limit with hundreds of unlocks of 20 KB policies, and quotes at most 4,000 characters of one", () => {
    const big = JSON.stringify({
      Version: "2012-10-17",
      Statement: Array.from({ length: 200 }, (_, index) => ({
        Sid: `Deny${index}`,
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: `arn:aws:s3:::bucket-${index}/*`,
      })),
    });
    const ids = Array.from({ length: 300 }, (_, index) => String(100000000000 + index));
    const desired = desiredFrom({
      "policy.yaml": policyYaml({
        unlocks: ids
          .map((id) =>
            [
              `  - name: unlock-${id}`,
              `    account: "${id}"`,
              `    s3Bucket: bucket-${id}`,
              "    reason: Locked",
              "    owner: ops@example.com",
            ].join("\n"),
          )
          .join("\n"),
      }),
    });
    const audit = snapshot(
      ids.map((id) => account(id)),
      {
        features: { trustedAccess: true, rootCredentialsManagement: true, rootSessions: true },
        unlockTargets: ids.map((id) => ({
          accountId: id,
          s3Bucket: `bucket-${id}`,
          status: "read",
          policy: big,
        })),
      },
    );
    const many = plan(desired, audit, NOW);
    const one = plan(
      { ...desired, unlocks: desired.unlocks.slice(0, 1) },
      { ...audit, unlockTargets: audit.unlockTargets?.slice(0, 1) },
      NOW,
    );

    const markdown = renderPlanMarkdown(many);
    const single = renderPlanMarkdown(one);

    expect(big.length).toBeGreaterThan(20_000);
    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain("| Account | Resource | Unlock | Action |");
    expect(markdown).toContain("more policies to unlock");
    expect(single).toContain("more characters (the plan JSON holds the whole policy)");
    expect(single.length).toBeLessThan(4_000 + 3_000);
  });

  it("collapses before it summarises", () => {
    const full = renderPlanMarkdown(rich);
    const collapsed = renderPlanMarkdown(rich, { maxLength: full.length - 1 });

    expect(full).toContain("<details>");
    expect(collapsed).not.toContain("<details>");
    expect(collapsed).toContain("| Account | Name | Deletes | Creates |");
    expect(collapsed.length).toBeLessThanOrEqual(full.length - 1);
  });
});

describe("maskAccessKeyId", () => {
  it.each([
    ["AKIAIOSFODNN7EXAMPLE", "AKIA…MPLE"],
    ["SHORT", "SHORT"],
  ])("%s → %s", (id, masked) => {
    expect(maskAccessKeyId(id)).toBe(masked);
  });
});

describe("unlock renderings", () => {
  it("quotes a policy holding backticks inside a longer fence, and non-JSON text as it is", () => {
    const tricky = '{"Statement":[{"Sid":"```\\n</details>","Effect":"Deny"}]}';
    const { desired, audit, now } = richInputs();
    const targets = (audit.unlockTargets ?? []).map((target) =>
      target.s3Bucket === "clean-artifacts" ? { ...target, policy: tricky } : target,
    );
    const withTricky = plan(desired, { ...audit, unlockTargets: targets }, now);
    const notJson = plan(
      desired,
      {
        ...audit,
        unlockTargets: targets.map((target) =>
          target.s3Bucket === "clean-artifacts" ? { ...target, policy: "not json" } : target,
        ),
      },
      now,
    );

    expect(renderPlanMarkdown(withTricky)).toContain('````json\n{\n  "Statement": [');
    expect(renderPlanText(notJson, { color: false })).toContain("        not json\n");
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveProfileAndRegion } from "./profile-region.js";

const dir = mkdtempSync(join(tmpdir(), "rootward-profiles-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = join(dir, "config");
const CREDENTIALS = join(dir, "credentials");
writeFileSync(
  CONFIG,
  [
    "[default]",
    "region = eu-west-1",
    "[profile org-admin]",
    "region = eu-central-1",
    "[profile keys-only]",
    "output = json",
    "[sso-session corp]",
    "sso_region = us-east-1",
    "",
  ].join("\n"),
);
writeFileSync(
  CREDENTIALS,
  ["[from-credentials]", "region = ap-southeast-2", "aws_access_key_id = AKIAEXAMPLE", ""].join("\n"),
);
const files = { AWS_CONFIG_FILE: CONFIG, AWS_SHARED_CREDENTIALS_FILE: CREDENTIALS };

describe("resolveProfileAndRegion: the SDK's precedence, checked before any call", () => {
  it.each<[string, Record<string, string>, { region: string; profile?: string }]>([
    [
      "AWS_REGION wins over the profile",
      { ...files, AWS_PROFILE: "org-admin", AWS_REGION: "us-west-2" },
      { region: "us-west-2", profile: "org-admin" },
    ],
    [
      "AWS_DEFAULT_REGION, which the AWS CLI reads",
      { ...files, AWS_DEFAULT_REGION: "ca-central-1" },
      { region: "ca-central-1" },
    ],
    [
      "the profile's region",
      { ...files, AWS_PROFILE: "org-admin" },
      { region: "eu-central-1", profile: "org-admin" },
    ],
    ["the default profile's region", files, { region: "eu-west-1" }],
    [
      "a region in the credentials file",
      { ...files, AWS_PROFILE: "from-credentials" },
      { region: "ap-southeast-2", profile: "from-credentials" },
    ],
  ])("%s", async (_name, env, expected) => {
    expect(await resolveProfileAndRegion(env)).toEqual(expected);
  });

  it("names an unknown profile and the known ones (not sso-session sections)", async () => {
    await expect(
      resolveProfileAndRegion({ ...files, AWS_PROFILE: "org-admn", AWS_REGION: "us-east-1" }),
    ).rejects.toMatchObject({
      code: "profile-not-found",
      message: "The config profile (org-admn) could not be found",
      hint: `AWS_PROFILE names a profile that is in neither ${CONFIG} nor ${CREDENTIALS}; known profiles: default, from-credentials, keys-only, org-admin`,
    });
  });

  it("refuses to guess a region", async () => {
    await expect(resolveProfileAndRegion({ ...files, AWS_PROFILE: "keys-only" })).rejects.toMatchObject({
      code: "region-missing",
      message: "You must specify a region: no AWS region is configured",
      hint: expect.stringContaining(`add region = … to [profile keys-only] in ${CONFIG}`),
    });
    await expect(
      resolveProfileAndRegion({
        AWS_CONFIG_FILE: join(dir, "missing"),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, "missing"),
      }),
    ).rejects.toMatchObject({ code: "region-missing" });
  });
});

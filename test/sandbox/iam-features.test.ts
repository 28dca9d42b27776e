import {
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  ListOrganizationsFeaturesCommand,
} from "@aws-sdk/client-iam";
import { EnableAWSServiceAccessCommand } from "@aws-sdk/client-organizations";
import { describe, expect, it } from "vitest";
import { clientsFor, expectAwsError, sandboxes } from "./helpers.js";

const start = sandboxes();
const MINIMAL = { file: "test/fixtures/sandbox/minimal.yaml" };

describe("IAM organization features over AWS Query", () => {
  it("lists the enabled features and enables RootSessions from the management account", async () => {
    const sandbox = await start();
    const { iam } = clientsFor(sandbox);
    const before = await iam.send(new ListOrganizationsFeaturesCommand({}));
    expect(before).toMatchObject({
      OrganizationId: "o-acme1234567",
      EnabledFeatures: ["RootCredentialsManagement"],
    });
    const after = await iam.send(new EnableOrganizationsRootSessionsCommand({}));
    expect(after.EnabledFeatures).toEqual(["RootCredentialsManagement", "RootSessions"]);
    expect(sandbox.state().features).toEqual({
      trustedAccess: true,
      rootCredentialsManagement: true,
      rootSessions: true,
    });
  });

  it("lets the IAM delegated admin list and disable but not enable", async () => {
    const sandbox = await start();
    const { iam } = clientsFor(sandbox, "delegated-admin");
    expect((await iam.send(new ListOrganizationsFeaturesCommand({}))).OrganizationId).toBe("o-acme1234567");
    await expectAwsError(
      iam.send(new EnableOrganizationsRootSessionsCommand({})),
      "CallerIsNotManagementAccountException",
    );
    await clientsFor(sandbox).iam.send(new EnableOrganizationsRootSessionsCommand({}));
    const disabled = await iam.send(new DisableOrganizationsRootSessionsCommand({}));
    expect(disabled.EnabledFeatures).toEqual(["RootCredentialsManagement"]);
  });

  it("refuses a plain member account", async () => {
    const { iam } = clientsFor(await start(), "member");
    await expectAwsError(
      iam.send(new ListOrganizationsFeaturesCommand({})),
      "AccountNotManagementOrDelegatedAdministratorException",
    );
  });

  it("needs trusted access for IAM, then works once it is enabled", async () => {
    const sandbox = await start({ fixture: MINIMAL });
    const { iam, organizations } = clientsFor(sandbox);
    await expectAwsError(
      iam.send(new ListOrganizationsFeaturesCommand({})),
      "ServiceAccessNotEnabledException",
    );
    await organizations.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "iam.amazonaws.com" }));
    expect((await iam.send(new ListOrganizationsFeaturesCommand({}))).EnabledFeatures).toEqual([]);
    await iam.send(new EnableOrganizationsRootCredentialsManagementCommand({}));
    expect(sandbox.state().features.rootCredentialsManagement).toBe(true);
  });

  it("needs all-features mode", async () => {
    const sandbox = await start({
      fixture: {
        apiVersion: "rootward/sandbox-v1",
        kind: "SandboxOrganization",
        organization: {
          id: "o-billing00001",
          managementAccountId: "200000000001",
          featureSet: "CONSOLIDATED_BILLING",
        },
        trustedAccess: [{ servicePrincipal: "iam.amazonaws.com" }],
        accounts: [{ id: "200000000001", name: "management", email: "m@billing.example" }],
      },
    });
    await expectAwsError(
      clientsFor(sandbox).iam.send(new ListOrganizationsFeaturesCommand({})),
      "OrganizationNotInAllFeaturesModeException",
    );
  });
});

import { parseScpContent } from "../scp/statements.js";
import {
  accessKeyId,
  certificateBody,
  certificateId,
  certificatePayload,
  hardwareSerial,
  virtualSerial,
} from "./credential-ids.js";
import type { Account, Organization, RootCredentials, Tag } from "./model.js";
import { addAccount, addOu, addPolicy, newOrganization, ouIdFor } from "./org-builder.js";
import { createRandom, deriveSeed, type Random } from "./random.js";

export type GeneratorOptions = {
  accounts: number;
  seed?: number;
  /** Share of member accounts holding some root credential (default 0.1). */
  dirtyRatio?: number;
  features?: { rootCredentialsManagement: boolean; rootSessions: boolean };
};

export const GENERATED_ORG_ID = "o-sandbox00001";
export const GENERATED_MANAGEMENT_ID = "900000000000";
const FIRST_MEMBER = 100_000_000_000;
const OU_NAMES = ["Security", "Infrastructure", "Workloads/Prod", "Workloads/Dev", "Sandbox", "Legacy"];
const TEAMS: Tag[][] = ["payments", "search", "data", "platform", "identity"].map((team) => [
  { Key: "team", Value: team },
]);
const DAY = 86_400_000;
const EPOCH_2020 = Date.parse("2020-01-01T00:00:00Z");

/**
 * An organization of N member accounts for benchmarks. Memory per account is constant: a clean
 * account is one small object with shared tag arrays and no credential structures; names and
 * emails are short derived strings. About 1 % of accounts are suspended or closing.
 */
export function generateOrganization(options: GeneratorOptions): Organization {
  const random = createRandom(deriveSeed(options.seed ?? 1, "generator"));
  const dirtyRatio = options.dirtyRatio ?? 0.1;
  const features = options.features ?? { rootCredentialsManagement: true, rootSessions: true };
  const org = newOrganization({
    id: GENERATED_ORG_ID,
    featureSet: "ALL",
    managementAccountId: GENERATED_MANAGEMENT_ID,
    features: [
      ...(features.rootCredentialsManagement ? (["RootCredentialsManagement"] as const) : []),
      ...(features.rootSessions ? (["RootSessions"] as const) : []),
    ],
  });
  org.trustedServices.set("iam.amazonaws.com", { principal: "iam.amazonaws.com", enabled: EPOCH_2020 });
  const parents = generateOus(org);
  addPolicy(
    org,
    {
      id: "p-FullAWSAccess",
      name: "FullAWSAccess",
      description: "Allows access to every operation",
      awsManaged: true,
      content: FULL_ACCESS,
      statements: parseScpContent(FULL_ACCESS),
    },
    [org.rootId],
  );
  addAccount(org, {
    id: GENERATED_MANAGEMENT_ID,
    name: "management",
    email: "management@sandbox.example",
    state: "ACTIVE",
    parentId: org.rootId,
    joinedMethod: "CREATED",
    joined: EPOCH_2020,
  });
  for (let index = 0; index < options.accounts; index++) {
    addAccount(org, generatedAccount(index, parents, random, dirtyRatio));
  }
  org.memberCallerAccountId = org.accounts.find((account) => account.id !== GENERATED_MANAGEMENT_ID)?.id;
  return org;
}

const FULL_ACCESS = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

function generateOus(org: Organization): string[] {
  const ids = new Map<string, string>();
  for (const relative of OU_NAMES) {
    let parentId = org.rootId;
    let path = "/Root";
    for (const name of relative.split("/")) {
      path = `${path}/${name}`;
      let id = ids.get(path);
      if (!id) {
        id = ouIdFor(org, path);
        addOu(org, { id, name, parentId, path });
        ids.set(path, id);
      }
      parentId = id;
    }
  }
  return OU_NAMES.map((relative) => ids.get(`/Root/${relative}`) ?? org.rootId);
}

function generatedAccount(index: number, parents: string[], random: Random, dirtyRatio: number): Account {
  const id = String(FIRST_MEMBER + index);
  const roll = random.next();
  const account: Account = {
    id,
    name: `member-${index}`,
    email: `aws+${id}@sandbox.example`,
    state: roll < 0.005 ? "SUSPENDED" : roll < 0.01 ? "PENDING_CLOSURE" : "ACTIVE",
    parentId: parents[index % parents.length] ?? "",
    joinedMethod: "CREATED",
    joined: EPOCH_2020 + (index % 1500) * DAY,
  };
  const tags = TEAMS[index % TEAMS.length];
  if (tags && index % 3 === 0) account.tags = tags;
  if (random.next() < dirtyRatio) account.root = dirtyCredentials(id, random);
  return account;
}

function dirtyCredentials(accountId: string, random: Random): RootCredentials {
  const created = EPOCH_2020 + random.int(1500) * DAY;
  const credentials: RootCredentials = { accessKeys: [], mfaDevices: [], signingCertificates: [] };
  const kind = random.int(6);
  if (kind <= 2)
    credentials.password = { created, passwordResetRequired: false, lastUsed: created + 30 * DAY };
  if (kind === 1 || kind === 3) {
    credentials.accessKeys.push({
      id: accessKeyId(random),
      status: "Active",
      created,
      lastUsed: { date: created + 90 * DAY, service: "s3", region: "us-east-1" },
    });
  }
  if (kind === 0 || kind === 4) {
    const virtual = random.next() < 0.5;
    credentials.mfaDevices.push({
      serial: virtual ? virtualSerial(accountId, "root-account-mfa-device") : hardwareSerial(random),
      type: virtual ? "virtual" : "hardware",
      enabled: created,
      active: true,
    });
  }
  if (kind === 5) {
    credentials.signingCertificates.push({
      id: certificateId(random),
      status: "Active",
      uploaded: created,
      body: certificateBody(certificatePayload(random)),
    });
  }
  return credentials;
}

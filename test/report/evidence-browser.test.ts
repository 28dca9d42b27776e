import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchDesiredState, benchSnapshot } from "../../bench/plan-scale-fixture.js";
import type { AuditSnapshot } from "../../src/audit/snapshot.js";
import { loadDesiredState } from "../../src/desired/index.js";
import { formatCount } from "../../src/evidence/html/html.js";
import type { Evidence } from "../../src/evidence/model.js";
import { renderEvidencePack } from "../../src/evidence/pack.js";
import { plan } from "../../src/plan/plan.js";
import { startSandbox } from "../../src/sandbox/index.js";
import { account, NOW } from "../support/builders.js";
import { HOSTILE, hostileAudit, hostileDesired } from "../support/hostile-inputs.js";
import { runAgainst } from "../support/sandbox-cli.js";

/**
 * The evidence page in a real browser: Debian's Chromium, driven by playwright-core (which never
 * downloads a browser). CI installs Chromium (.ci/run); without it these tests are skipped and say
 * why. Every request the page makes goes through a route that serves only the page itself, so any
 * other request is both recorded and refused.
 */
const CHROMIUM = process.env.ROOTWARD_CHROMIUM ?? "/usr/bin/chromium";
const missing = !existsSync(CHROMIUM);
if (missing) {
  console.warn(
    `evidence page browser tests SKIPPED: no Chromium at ${CHROMIUM} (install it with \`apt-get install -y chromium\`, or set ROOTWARD_CHROMIUM; CI's .ci/run installs it)`,
  );
}

const PAGE_URL = "http://rootward-evidence.invalid/index.html";
const DESIRED = join(import.meta.dirname, "../../desired-state");
/** Screenshots go here (kept for a person to look at); a temporary folder otherwise. */
const SHOTS = process.env.ROOTWARD_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), "rootward-shots-"));

let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (missing) return;
  profile = mkdtempSync(join(tmpdir(), "rootward-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (!process.env.ROOTWARD_SCREENSHOT_DIR) rmSync(SHOTS, { recursive: true, force: true });
});

type Opened = { page: Page; requests: string[]; errors: string[] };

/** Opens `body` as the page at PAGE_URL; every other request is recorded and aborted. */
async function open(body: string): Promise<Opened> {
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.route("**/*", (route) =>
    route.request().url() === PAGE_URL
      ? route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body })
      : route.abort(),
  );
  await page.goto(PAGE_URL, { waitUntil: "load" });
  return { page, requests, errors };
}

async function metric(page: Page, name: string): Promise<string> {
  return (await page.locator(`[data-metric="${name}"]`).textContent()) ?? "";
}

async function expectHeadline(page: Page, evidence: Evidence): Promise<void> {
  expect(await metric(page, "members")).toBe(formatCount(evidence.members));
  expect(await metric(page, "audited")).toBe(formatCount(evidence.audited));
  expect(await metric(page, "compliant")).toBe(formatCount(evidence.counts.compliant));
  expect(await metric(page, "excepted")).toBe(formatCount(evidence.counts.excepted));
  expect(await metric(page, "drift")).toBe(formatCount(evidence.counts.drift));
  expect(await metric(page, "not-verified")).toBe(formatCount(evidence.counts["not-verified"]));
  expect(await metric(page, "unmanaged")).toBe(formatCount(evidence.counts.unmanaged));
}

async function screenshot(page: Page, name: string): Promise<void> {
  const file = join(SHOTS, name);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: file, fullPage: false });
  expect(readFileSync(file).subarray(1, 4).toString()).toBe("PNG");
}

function evidenceFor(audit: AuditSnapshot, files: Record<string, string>) {
  const sources = Object.entries(files).map(([name, text]) => ({
    path: `desired-state/${name}`,
    name,
    content: new TextEncoder().encode(text),
  }));
  const desired = loadDesiredState("desired-state", sources, NOW).state;
  if (!desired) throw new Error("invalid desired state");
  return renderEvidencePack({
    audit,
    auditBytes: new TextEncoder().encode(JSON.stringify(audit)),
    desired,
    plan: plan(desired, audit, NOW),
    now: NOW,
    toolVersion: "test",
    previous: [],
  });
}

function page(files: { path: string; content: string | Uint8Array }[]): string {
  const index = files.find((file) => file.path === "index.html")?.content;
  return typeof index === "string" ? index : new TextDecoder().decode(index);
}

describe.skipIf(missing)("evidence page in headless Chromium", () => {
  it("the request check really works: a page that loads an image is caught", async () => {
    const { page: opened, requests } = await open('<!DOCTYPE html><img src="http://evil.example/pixel.png">');
    expect(requests).toContain("http://evil.example/pixel.png");
    await opened.close();
  });

  it("example organization: headline numbers, tables, themes, print, and no request but the page", async () => {
    const sandbox = await startSandbox();
    const out = mkdtempSync(join(tmpdir(), "rootward-pack-"));
    try {
      const run = await runAgainst(sandbox, [
        "audit",
        "--desired-state",
        DESIRED,
        "--out",
        join(out, "audit.json"),
        "--quiet",
      ]);
      expect(run.code, run.stderr).toBe(0);
      const audit = JSON.parse(readFileSync(join(out, "audit.json"), "utf8")) as AuditSnapshot;
      const desiredFiles = Object.fromEntries(
        ["policy.yaml", "exceptions/finance.yaml", "exceptions/platform.yaml"].map((name) => [
          name,
          readFileSync(join(DESIRED, name), "utf8"),
        ]),
      );
      const { evidence, files } = evidenceFor(audit, desiredFiles);
      const { page: opened, requests, errors } = await open(page(files));
      await expectHeadline(opened, evidence);
      await screenshot(opened, "evidence-example-light.png");

      const accounts = opened.locator('[data-table="accounts"]');
      const ids = () => accounts.locator("tbody tr td.mono:first-child").allTextContents();
      expect(await ids()).toEqual(evidence.accounts.map((entry) => entry.id));
      await accounts.locator("select").selectOption("drift");
      expect(await ids()).toEqual(
        evidence.accounts.filter((entry) => entry.posture === "drift").map((entry) => entry.id),
      );
      await accounts.locator("input[type=search]").fill("sandbox");
      expect(await ids()).toEqual(
        evidence.accounts
          .filter((entry) => entry.posture === "drift" && entry.name.includes("sandbox"))
          .map((entry) => entry.id),
      );
      await accounts.locator("input[type=search]").fill("no account is called this");
      expect(await accounts.locator("tbody td.empty").textContent()).toBe("No rows match.");
      expect(await opened.locator('[data-exception="billing-break-glass"] td').last().textContent()).toMatch(
        /^desired-state\/policy\.yaml:\d+$/,
      );

      await opened.emulateMedia({ colorScheme: "dark" });
      expect(await opened.evaluate("getComputedStyle(document.body).backgroundColor")).toBe(
        "rgb(13, 17, 23)",
      );
      await screenshot(opened, "evidence-example-dark.png");
      await opened.emulateMedia({ colorScheme: "light", media: "print" });
      expect(await opened.locator(".toolbar").first().isVisible()).toBe(false);
      expect(await opened.evaluate("getComputedStyle(document.body).backgroundColor")).toBe(
        "rgb(255, 255, 255)",
      );

      expect(requests).toEqual([PAGE_URL]);
      expect(errors).toEqual([]);
      await opened.close();
    } finally {
      await sandbox.stop();
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it("10,000 generated accounts: headline numbers, paging, page size, and no request but the page", async () => {
    const { evidence, files } = evidenceFor(benchSnapshot(10_000), benchDesiredState());
    const html = page(files);
    const bytes = Buffer.byteLength(html);
    const started = performance.now();
    const { page: opened, requests, errors } = await open(html);
    const loadSeconds = (performance.now() - started) / 1000;
    console.log(
      `evidence page at 10,000 accounts: ${(bytes / 1024 / 1024).toFixed(2)} MiB, loaded in ${loadSeconds.toFixed(2)} s`,
    );
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    expect(evidence.members).toBe(10_000);
    await expectHeadline(opened, evidence);
    await screenshot(opened, "evidence-10000.png");

    const accounts = opened.locator('[data-table="accounts"]');
    const pages = Math.ceil(evidence.accounts.length / 50);
    expect(await accounts.locator("tbody tr").count()).toBe(50);
    expect(await accounts.locator(".pager span").textContent()).toBe(`Page 1 of ${pages}`);
    await accounts.getByRole("button", { name: "Next" }).click();
    expect(await accounts.locator(".pager span").textContent()).toBe(`Page 2 of ${pages}`);
    expect(await accounts.locator("tbody tr td:first-child").first().textContent()).toBe(
      evidence.accounts[50]?.id,
    );
    // The OU tree shows every account once, at the root.
    expect(await opened.locator(`[data-ou="${evidence.ouTree.id}"] .counts`).first().textContent()).toContain(
      `${formatCount(evidence.accounts.length)} accounts`,
    );
    expect(requests).toEqual([PAGE_URL]);
    expect(errors).toEqual([]);
    await opened.close();
  }, 120_000);

  it("hostile names, reasons and owners stay text: no element, link or script of theirs", async () => {
    const injected =
      '<img src="http://evil.example/i.png" onerror="window.__rootwardPwned=1"></script><script>window.__rootwardPwned=2</script>';
    const audit = hostileAudit();
    audit.accounts.push(account("444444444444", { name: injected, ouPath: `/Root/${injected}` }));
    const { files } = renderEvidencePack({
      audit,
      auditBytes: new Uint8Array(),
      desired: hostileDesired(),
      plan: plan(hostileDesired(), audit, NOW),
      now: NOW,
      toolVersion: "test",
      previous: [],
    });
    const { page: opened, requests, errors } = await open(page(files));
    expect(await opened.evaluate("typeof window.__rootwardPwned")).toBe("undefined");
    expect(
      await opened.locator("img, iframe, object, embed, form, base, link, meta[http-equiv=refresh]").count(),
    ).toBe(0);
    expect(await opened.locator("script").count()).toBe(2);
    const hrefs = await opened
      .locator("a[href]")
      .evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    expect(hrefs.every((href) => href?.startsWith("#"))).toBe(true);
    await opened.locator('[data-table="accounts"] input[type=search]').fill("444444444444");
    expect(await opened.locator('[data-table="accounts"] tbody td').nth(1).textContent()).toBe(injected);
    // Terminal and bidi tricks are shown as escapes, never as the characters themselves.
    const text = (await opened.locator("body").textContent()) ?? "";
    expect(text).toContain("\\u202e");
    expect(text).not.toContain("\u202e");
    expect(text).toContain(HOSTILE.slice(HOSTILE.indexOf("@acme"), HOSTILE.indexOf("@acme") + 20));
    expect(requests).toEqual([PAGE_URL]);
    expect(errors).toEqual([]);
    await opened.close();
  }, 60_000);
});

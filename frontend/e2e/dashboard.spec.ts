/** Journeys: the dashboard's figures and chart, the inbox, email preferences, unsubscribe. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { checkA11y, DEMO_ADMIN, type Mail, signIn, snap } from "./support";

const MAIL_DIR =
  process.env.E2E_MAIL_DIR ?? join(import.meta.dirname, "..", "test-results", "mail");

/** The newest message carrying a one-click unsubscribe link, if any. */
async function newestUnsubscribeLink(): Promise<string | null> {
  const names = (await readdir(MAIL_DIR).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".json") && !n.startsWith("."))
    .sort()
    .reverse();
  for (const name of names) {
    const mail = JSON.parse(await readFile(join(MAIL_DIR, name), "utf8")) as Mail;
    const match = /https?:\/\/[^\s"'<>]+\/unsubscribe\?token=[^\s"'<>]+/.exec(mail.text);
    if (match) return match[0];
  }
  return null;
}

test("the dashboard shows the figures, each a link, and the coverage chart", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  for (const label of [
    "Active children",
    "Up to date",
    "Due in 30 days",
    "Overdue",
    "Doses in the last 30 days",
    "Milestone concerns",
  ]) {
    await expect(
      page.getByRole("link", { name: new RegExp(`^${label}: [\\d,.]+%?$`) }),
    ).toBeVisible();
  }
  const chart = page.getByRole("region", { name: "Coverage, children 12–23 months" });
  await expect(chart.locator("svg.recharts-surface")).toBeVisible();
  await checkA11y(page);
  await snap(page, "dashboard-figures");

  await page.getByRole("link", { name: /^Overdue: / }).click();
  await expect(page).toHaveURL(/\/due-list\?status=overdue$/);
});

test("the inbox, the bell and email preferences", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.getByRole("link", { name: /^Notifications/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveCount(0);
  await checkA11y(page);
  await snap(page, "inbox");
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByRole("link", { name: "Notifications", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Email preferences" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Email preferences" })).toBeVisible();
  const doses = page.getByLabel("Vaccination reminders by email");
  const wanted = !(await doses.isChecked());
  await doses.setChecked(wanted);
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Your email preferences are saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Vaccination reminders by email")).toBeChecked({ checked: wanted });
  await checkA11y(page);
  await snap(page, "email-preferences");
});

test("the emailed unsubscribe link asks before it unsubscribes", async ({ page, browser }) => {
  // Reminder emails carry the link: run the reminders, then open the newest one's link.
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/settings?tab=outbox");
  await page.getByRole("button", { name: "Run reminders now" }).click();
  await expect(page.getByText(/reminders created/)).toBeVisible();
  let link: string | null = null;
  for (let tries = 0; tries < 40 && link === null; tries += 1) {
    link = await newestUnsubscribeLink();
    if (link === null) await page.waitForTimeout(250);
  }
  test.skip(link === null, "no reminder email with an unsubscribe link was sent");

  // Opened from a mail client: no session in this browser.
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(link ?? "");
  await expect(visitor.getByRole("heading", { level: 1, name: "Unsubscribe" })).toBeVisible();
  await expect(visitor).toHaveURL(/\/unsubscribe$/);
  await checkA11y(visitor);
  await snap(visitor, "unsubscribe");
  await visitor.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(visitor.getByText(/no longer receive reminder emails/)).toBeVisible();
  await context.close();
});

test("verify a health card the clinic issued, and a tampered one", async ({ page, request }) => {
  // A real card of a demo child, fetched the way an integrating system would.
  const login = await request.post("/api/v1/auth/login", {
    data: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
  });
  const auth = { Authorization: `Bearer ${(await login.json()).access_token}` };
  const children = await (await request.get("/api/v1/patients?size=1", { headers: auth })).json();
  const childId = children.items[0].id as string;
  const card = await (
    await request.get(`/api/v1/patients/${childId}/health-card/shc`, { headers: auth })
  ).text();

  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.getByRole("link", { name: "Verify health card" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Verify health card" })).toBeVisible();
  await page.getByLabel("Card text").fill(card.trim());
  await page.getByRole("button", { name: "Verify card" }).click();
  await expect(page.getByText("Valid health card")).toBeVisible();
  await expect(
    page.getByRole("heading", { level: 2, name: children.items[0].first_name, exact: false }),
  ).toBeVisible();
  await checkA11y(page);
  await snap(page, "verify-card");

  await page
    .getByLabel("Card text")
    .fill(
      "shc:/5676290952432060346029243740446031222959532654603460292540772804336028702864716745222809286133314564376531415906402203064504590856435503414245413640370636654171372412363803043756220467374075323239254334433260573601064529315312707424284350",
    );
  await page.getByRole("button", { name: "Verify card" }).click();
  await expect(page.getByText("Not a valid health card")).toBeVisible();
});

test("the dashboard, inbox and settings fit a 360 px wide screen", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  for (const [path, heading] of [
    ["/dashboard", "Dashboard"],
    ["/inbox", "Inbox"],
    ["/settings", "Clinic settings"],
    ["/settings?tab=staff", "Clinic settings"],
    ["/account", "My account"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await page.waitForLoadState("networkidle");
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.goto("/dashboard");
  await snap(page, "dashboard-360px");
});

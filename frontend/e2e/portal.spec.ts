/** Journey (issue 14): a guardian invited by the clinic uses the parent portal on a phone. */
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import {
  checkA11y,
  DEMO_ADMIN,
  latestMail,
  linkIn,
  mailMark,
  signIn,
  signOut,
  snap,
} from "./support";

test.use({ viewport: { width: 390, height: 844 } });

const API = "/api/v1";
const PASSWORD = "portal-password-2026";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An ISO date as the app shows it ("3 Mar 2026"). */
function shown(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1]} ${year}`;
}

async function token(request: APIRequestContext, email: string, password: string) {
  const response = await request.post(`${API}/auth/login`, { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
  return { Authorization: `Bearer ${(await response.json()).access_token}` };
}

// biome-ignore lint/suspicious/noExplicitAny: API bodies read loosely in the journey
async function json(response: Awaited<ReturnType<APIRequestContext["get"]>>): Promise<any> {
  expect(response.ok(), `${response.url()}: ${await response.text()}`).toBe(true);
  return response.json();
}

/**
 * Go to a URL inside the signed-in app (the router's own navigation, as a link does). A full
 * page load leaves the first, refreshed `/auth/me` request open in Chromium, so "networkidle"
 * (which snap() waits for) never comes.
 */
async function open(page: Page, url: string) {
  await page.evaluate((to) => {
    window.history.pushState({}, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, url);
  await expect(page).toHaveURL(new RegExp(`${url}$`));
}

/** The "no horizontal scrolling" at 390 px. */
async function fitsWidth(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, `horizontal overflow on ${page.url()}`).toBeLessThanOrEqual(0);
}

async function notAvailable(page: Page, url: string) {
  await open(page, url);
  await expect(page.getByRole("heading", { name: "Not available to your account" })).toBeVisible();
}

test("an invited guardian joins, follows their own child only, records a milestone and prints", async ({
  page,
  request,
}) => {
  const run = Date.now().toString(36);
  const parentEmail = `parent-${run}@family.example`;
  const admin = await token(request, DEMO_ADMIN.email, DEMO_ADMIN.password);

  // The clinic registers a child with a note and two guardians, inviting one to the portal.
  const mark = await mailMark();
  const child = await json(
    await request.post(`${API}/patients`, {
      headers: admin,
      data: {
        first_name: "Portia",
        last_name: `Portal-${run}`,
        date_of_birth: "2025-09-17",
        sex: "female",
        notes: "Clinic-only note: do not show parents",
        guardians: [
          { name: "Pat Portal", relationship: "mother", email: parentEmail, invite: true },
          {
            name: "Other Guardian",
            relationship: "father",
            email: `other-${run}@family.example`,
            phone: "+1 555 0100",
          },
        ],
      },
    }),
  );
  const childName = `Portia Portal-${run}`;
  // Another family's child at the same clinic, and a child at a second clinic.
  const demo = await json(await request.get(`${API}/patients?size=5`, { headers: admin }));
  const otherFamily = demo.items.find((p: { id: string }) => p.id !== child.id);
  const second = await json(
    await request.post(`${API}/auth/signup`, {
      data: {
        name: "Second Admin",
        email: `second-${run}@clinic.example`,
        password: PASSWORD,
        clinic_name: `Second Clinic ${run}`,
      },
    }),
  );
  const secondChild = await json(
    await request.post(`${API}/patients`, {
      headers: { Authorization: `Bearer ${second.access_token}` },
      data: {
        first_name: "Sam",
        last_name: `Second-${run}`,
        date_of_birth: "2025-01-02",
        sex: "male",
      },
    }),
  );

  // Accept from the emailed link: name and password, then signed in to the portal.
  const invite = await latestMail(parentEmail, { after: mark });
  await page.goto(linkIn(invite, "/accept-invite"));
  await checkA11y(page);
  await snap(page, "portal-accept-invite");
  await page.getByLabel("Your name").fill("Pat Portal");
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByRole("textbox", { name: "Confirm password" }).fill(PASSWORD);
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/portal/);
  await signOut(page);

  // Sign in: "My children" shows exactly this child.
  await signIn(page, parentEmail, PASSWORD);
  await expect(page).toHaveURL(/\/portal$/);
  await expect(page.getByRole("heading", { level: 1, name: "My children" })).toBeVisible();
  const cards = page.getByRole("article");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText(childName);
  const clinic = await json(await request.get(`${API}/clinic`, { headers: admin }));
  await expect(cards.first()).toContainText(clinic.name);
  await expect(page.getByText(otherFamily.last_name)).toHaveCount(0);
  await expect(page.getByText(`Second-${run}`)).toHaveCount(0);
  await expect(cards.first()).toContainText(/Up to date|Due now|Overdue|All vaccines complete/);
  await checkA11y(page);
  await fitsWidth(page);
  await snap(page, "portal-my-children");

  // The child's page: upcoming vaccines as the API's forecast says.
  await page.getByRole("link", { name: childName }).click();
  await expect(page.getByRole("heading", { level: 1, name: childName })).toBeVisible();
  for (const name of ["Upcoming vaccines", "Vaccination history", "Milestones", "Your clinic"]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const forecast = await json(
    await request.get(`${API}/patients/${child.id}/forecast`, { headers: admin }),
  );
  const pending = forecast.vaccine_groups.filter(
    (g: { status: string; forecast: { recommended_date: string | null } | null }) =>
      g.status === "not_complete" && g.forecast?.recommended_date,
  );
  expect(pending.length).toBeGreaterThan(0);
  const upcoming = page.getByRole("region", { name: "Upcoming vaccines" }).getByRole("listitem");
  await expect(upcoming).toHaveCount(pending.length);
  for (const group of pending) {
    await expect(
      page
        .getByRole("region", { name: "Upcoming vaccines" })
        .getByText(`Recommended ${shown(group.forecast.recommended_date)}`, { exact: false })
        .first(),
    ).toBeVisible();
  }
  const overdue: string[] = forecast.summary.overdue_vaccine_groups;
  if (overdue.length) await expect(upcoming.first()).toContainText("Overdue");
  // What parents may not see stays unseen.
  await expect(page.getByText("Clinic-only note")).toHaveCount(0);
  await expect(page.getByText(`other-${run}@family.example`)).toHaveCount(0);
  await checkA11y(page);
  await fitsWidth(page);
  await snap(page, "portal-child");

  // A milestone answered by the parent shows on the clinic side as the parent's observation.
  const milestones = page.getByRole("region", { name: "Milestones" });
  const before = await json(
    await request.get(`${API}/patients/${child.id}/milestones`, { headers: admin }),
  );
  const itemText: string = before.checklists.at(-1).items[0].text;
  const firstItem = milestones.getByRole("radiogroup", { name: itemText });
  await firstItem.getByRole("radio", { name: "Yes" }).check();
  await expect(firstItem.getByRole("radio", { name: "Yes" })).toBeChecked();
  await expect
    .poll(async () => {
      const view = await json(
        await request.get(`${API}/patients/${child.id}/milestones`, { headers: admin }),
      );
      const items = view.checklists.flatMap((c: { items: unknown[] }) => c.items);
      const item = items.find((i: { text: string }) => i.text === itemText);
      return item ? [item.status, item.observation?.source] : null;
    })
    .toEqual(["achieved", "parent"]);

  // Other children's URLs answer "not available", in the portal and in print.
  await notAvailable(page, `/portal/children/${otherFamily.id}`);
  await snap(page, "portal-not-available");
  await notAvailable(page, `/portal/children/${secondChild.id}`);
  await notAvailable(page, `/portal/children/${secondChild.id}/print`);
  await notAvailable(page, "/children");

  // Inbox and email preferences.
  await open(page, "/portal/inbox");
  await expect(page.getByRole("heading", { level: 1, name: "Inbox" })).toBeVisible();
  await expect(page.getByText(/\d+ unread/)).toBeVisible();
  await checkA11y(page);
  await fitsWidth(page);
  await snap(page, "portal-inbox");
  await open(page, "/portal/preferences");
  await expect(page.getByRole("heading", { level: 1, name: "Email preferences" })).toBeVisible();
  await expect(page.getByLabel("Vaccine reminders")).toBeVisible();
  await checkA11y(page);
  await fitsWidth(page);
  await snap(page, "portal-preferences");

  // The printable record from the child's page.
  await open(page, `/portal/children/${child.id}`);
  await page.getByRole("link", { name: "Print record" }).click();
  await expect(page).toHaveURL(new RegExp(`/portal/children/${child.id}/print$`));
  await expect(
    page.getByRole("heading", { level: 1, name: `Immunization record: ${childName}` }),
  ).toBeVisible();
  await expect(page.getByText(`Date of birth: ${shown("2025-09-17")}`)).toBeVisible();
  await expect(page.getByText(`Printed: ${shown(forecast.assessment_date)}`)).toBeVisible();
  await checkA11y(page);
  await fitsWidth(page);
  await snap(page, "portal-print");
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await page.emulateMedia({ media: "screen" });
});

test("the clinic opens the same print view of a child", async ({ page, request }) => {
  const admin = await token(request, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const demo = await json(await request.get(`${API}/patients?size=1`, { headers: admin }));
  const [child] = demo.items;
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await open(page, `/children/${child.id}`);
  await page.getByRole("link", { name: "Print record" }).click();
  await expect(page).toHaveURL(new RegExp(`/children/${child.id}/print$`));
  await expect(
    page.getByRole("heading", {
      level: 1,
      name: `Immunization record: ${child.first_name} ${child.last_name}`,
    }),
  ).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Lot" }).first()).toBeVisible();
  await checkA11y(page);
  await snap(page, "clinic-print");
});

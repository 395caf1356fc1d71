/** Journeys: find a child, record a dose and see the forecast change; a stale edit (412). */
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { checkA11y, DEMO_ADMIN, DEMO_STAFF, signIn, snap } from "./support";

/** A name no demo child has, so a search finds exactly the child made here. */
function uniqueName(prefix: string): string {
  const letters = Date.now()
    .toString(26)
    .replace(/\d/g, (d) => "klmnopqrst"[Number(d)] ?? "k");
  return `${prefix}${letters}`;
}

async function token(request: APIRequestContext): Promise<string> {
  const response = await request.post("/api/v1/auth/login", { data: DEMO_ADMIN });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).access_token as string;
}

/** A 6-week-old child (the server's day is 17 Jun 2026): BCG overdue, other first doses due. */
async function createChild(request: APIRequestContext, lastName: string) {
  const auth = { Authorization: `Bearer ${await token(request)}` };
  const response = await request.post("/api/v1/patients", {
    headers: auth,
    data: {
      first_name: "Zuri",
      last_name: lastName,
      date_of_birth: "2026-05-06",
      sex: "female",
      guardians: [
        {
          name: `Pat ${lastName}`,
          relationship: "mother",
          phone: "+15550100",
          email: "pat@example.com",
          is_primary: true,
        },
      ],
    },
  });
  expect(response.status()).toBe(201);
  return { id: (await response.json()).id as string, auth };
}

async function visit(page: Page, name: string) {
  await checkA11y(page);
  await snap(page, name);
}

test("find a child, record a dose and see the forecast change", async ({ page, request }) => {
  const lastName = uniqueName("Dose");
  await createChild(request, lastName);

  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.getByRole("navigation").getByRole("link", { name: "Children", exact: true }).click();
  // Off the link: a hovered link's tint is not what the page shows.
  await page.mouse.move(5, 5);
  await expect(page.getByRole("heading", { level: 1, name: "Children" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Children" })).toBeVisible();
  await visit(page, "children");

  await page.getByLabel("Search children").fill(lastName.slice(0, 8));
  // The search is in the URL once typing pauses; then the list holds only the match.
  await expect(page).toHaveURL(new RegExp(`q=${lastName.slice(0, 8)}`));
  await expect(page.getByRole("table", { name: "Children" }).getByRole("row")).toHaveCount(2);
  await page.getByRole("link", { name: `Zuri ${lastName}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Zuri ${lastName}` })).toBeVisible();
  const summary = page.getByTestId("forecast-summary");
  await expect(summary).toHaveText("Immunizations: Overdue");
  await expect(page.getByText("No immunizations recorded yet")).toBeVisible();
  await visit(page, "child-immunizations");

  await page.getByRole("tab", { name: "Forecast" }).click();
  const bcg = page.getByRole("table", { name: "Forecast" }).getByRole("row", { name: /^BCG/ });
  await expect(bcg).toContainText("Overdue");
  // Overdue groups come first.
  await expect(page.getByRole("table", { name: "Forecast" }).getByRole("row").nth(1)).toContainText(
    "BCG",
  );
  await visit(page, "child-forecast");

  await page.getByRole("tab", { name: "Immunizations" }).click();
  await page.getByRole("button", { name: "Record dose" }).click();
  const dialog = page.getByRole("dialog", { name: "Record dose" });
  await dialog.getByLabel("Vaccine").fill("BCG");
  await page.getByRole("option", { name: "BCG (CVX 19)" }).click();
  // The date given starts at the clinic's today.
  await expect(dialog.getByLabel("Date given")).toHaveValue("17 Jun 2026");
  await dialog.getByLabel("Lot number").fill("BCG-2026-01");
  await checkA11y(page);
  await snap(page, "record-dose");
  await dialog.getByRole("button", { name: "Save dose" }).click();
  await expect(dialog).toBeHidden();

  // The forecast on screen follows the new dose without a reload.
  await expect(summary).toHaveText("Immunizations: Due");
  const history = page.getByRole("table", { name: "Immunization history" });
  await expect(history.getByRole("row", { name: /BCG/ })).toContainText("BCG-2026-01");
  await visit(page, "child-immunizations-recorded");
  await page.getByRole("tab", { name: "Forecast" }).click();
  await expect(bcg).toContainText("Complete");
  await expect(bcg).not.toContainText("Overdue");
  await visit(page, "child-forecast-after-dose");

  for (const [tab, shot] of [
    ["Milestones", "child-milestones"],
    ["Guardians", "child-guardians"],
    ["Profile", "child-profile"],
    ["Activity", "child-activity"],
  ] as const) {
    await page.getByRole("tab", { name: tab }).click();
    await expect(page.getByRole("tabpanel", { name: tab })).toBeVisible();
    await expect(page.getByRole("status", { name: /Loading/ })).toHaveCount(0);
    await visit(page, shot);
  }
  await expect(page.getByRole("table", { name: "Activity" })).toBeVisible();
});

test("a conflicting edit shows the 412 message and keeps what was typed", async ({
  page,
  request,
}) => {
  const lastName = uniqueName("Edit");
  const child = await createChild(request, lastName);

  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto(`/children/${child.id}?tab=profile`);
  const field = page.getByLabel("Last name");
  await expect(field).toHaveValue(lastName);
  await field.fill(`${lastName}-Typed`);

  // Someone else changes the record in between (through the API, with its ETag).
  const read = await request.get(`/api/v1/patients/${child.id}`, { headers: child.auth });
  const changed = await request.patch(`/api/v1/patients/${child.id}`, {
    headers: { ...child.auth, "If-Match": read.headers().etag ?? "" },
    data: { notes: "Changed at the front desk" },
  });
  expect(changed.ok()).toBeTruthy();

  await page.getByRole("button", { name: "Save profile" }).click();
  const stale = page.getByRole("alert").filter({ hasText: "Someone else changed this record" });
  await expect(stale).toBeVisible();
  await expect(field).toHaveValue(`${lastName}-Typed`);
  await visit(page, "child-profile-412");

  await stale.getByRole("button", { name: "Reload" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "The saved record now says" }),
  ).toContainText("Notes: Changed at the front desk");
  await expect(field).toHaveValue(`${lastName}-Typed`);
  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: `Zuri ${lastName}-Typed` }),
  ).toBeVisible();
});

test("adding a child who exists offers the existing record", async ({ page, request }) => {
  const lastName = uniqueName("Twin");
  const child = await createChild(request, lastName);

  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/children");
  await page.getByRole("button", { name: "Add child" }).click();
  const dialog = page.getByRole("dialog", { name: "Add child" });
  await dialog.getByLabel("First name").fill("Zuri");
  await dialog.getByLabel("Last name").fill(lastName);
  await dialog.getByLabel("Date of birth").fill("6 May 2026");
  await dialog.getByLabel("Guardian name").fill("Sam Example");
  await dialog.getByRole("heading", { name: "Add child" }).click();
  await checkA11y(page);
  await snap(page, "add-child");
  await dialog.getByRole("button", { name: "Save child" }).click();
  await expect(dialog.getByRole("alert")).toContainText("This child may already be registered");
  await dialog.getByRole("button", { name: "Open the existing record" }).click();
  await expect(page).toHaveURL(new RegExp(`/children/${child.id}$`));
  await expect(page.getByRole("heading", { level: 1, name: `Zuri ${lastName}` })).toBeVisible();
});

test("staff are not offered a child's activity", async ({ page, request }) => {
  const child = await createChild(request, uniqueName("Staff"));
  await signIn(page, DEMO_STAFF.email, DEMO_STAFF.password);
  await page.goto(`/children/${child.id}`);
  await expect(page.getByRole("tab", { name: "Immunizations" })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Activity" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Record dose" })).toBeVisible();
  await visit(page, "child-staff");
});

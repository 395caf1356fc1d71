/** Journey: a nurse records evidence of immunity, sees the forecast follow, then ends it. */
import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { checkA11y, DEMO_STAFF, signIn, snap } from "./support";

const MEASLES_IMMUNITY = "Laboratory evidence of Measles immunity";

/** A 15-month-old child of the demo clinic (WHO schedule; the server's day is 17 Jun 2026). */
async function createChild(request: APIRequestContext): Promise<{ id: string; name: string }> {
  const login = await request.post("/api/v1/auth/login", { data: DEMO_STAFF });
  expect(login.ok()).toBeTruthy();
  const token = (await login.json()).access_token as string;
  const lastName = `Cond${Date.now().toString(36)}`;
  const response = await request.post("/api/v1/patients", {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      first_name: "Imani",
      last_name: lastName,
      date_of_birth: "2025-03-06",
      sex: "female",
      guardians: [{ name: `Kim ${lastName}`, relationship: "mother", is_primary: true }],
    },
  });
  expect(response.status()).toBe(201);
  return { id: (await response.json()).id as string, name: `Imani ${lastName}` };
}

async function visit(page: Page, name: string) {
  await checkA11y(page);
  await snap(page, name);
}

test("record evidence of immunity, see the group immune, end it", async ({ page, request }) => {
  const child = await createChild(request);
  await signIn(page, DEMO_STAFF.email, DEMO_STAFF.password);
  await page.goto(`/children/${child.id}`);
  await expect(page.getByRole("heading", { level: 1, name: child.name })).toBeVisible();

  const forecast = page.getByRole("table", { name: "Forecast" });
  const measles = forecast.getByRole("row", { name: /^Measles/ });
  await page.getByRole("tab", { name: "Forecast" }).click();
  await expect(measles).not.toContainText("Immune");

  await page.getByRole("tab", { name: "Conditions" }).click();
  await expect(page.getByText("No conditions recorded")).toBeVisible();
  await visit(page, "child-conditions-empty");

  await page.getByRole("button", { name: "Record a condition" }).click();
  const dialog = page.getByRole("dialog", { name: "Record a condition" });
  await dialog.getByRole("combobox", { name: "Condition" }).fill("measles imm");
  await page.getByRole("option", { name: `${MEASLES_IMMUNITY} (code 1071)` }).click();
  // Recorded on starts at the clinic's today.
  await expect(dialog.getByLabel("Recorded on")).toHaveValue("17 Jun 2026");
  await dialog.getByLabel("Notes").fill("IgG positive, lab report on file");
  await visit(page, "record-condition");
  await dialog.getByRole("button", { name: "Save condition" }).click();
  await expect(dialog).toBeHidden();

  const conditions = page.getByRole("table", { name: "Conditions" });
  const row = conditions.getByRole("row", { name: new RegExp(MEASLES_IMMUNITY) });
  await expect(row).toContainText("Active");
  await expect(row).toContainText("IgG positive, lab report on file");
  await visit(page, "child-conditions-active");

  // The server recomputed the forecast: the group is immune, and says why.
  await page.getByRole("tab", { name: "Forecast" }).click();
  await expect(measles).toContainText("Immune");
  await expect(measles).toContainText(`Because of: ${MEASLES_IMMUNITY}`);
  await visit(page, "child-forecast-immune");

  await page.getByRole("tab", { name: "Conditions" }).click();
  await page.getByRole("button", { name: `End ${MEASLES_IMMUNITY}` }).click();
  const end = page.getByRole("dialog", { name: "End the condition" });
  await expect(end.getByLabel("End date")).toHaveValue("17 Jun 2026");
  await end.getByLabel("Reason").fill("Lab report was for a sibling");
  await end.getByRole("button", { name: "End condition" }).click();
  await expect(end).toBeHidden();
  await expect(row).toContainText("Ended");
  await expect(row).toContainText("Lab report was for a sibling");
  await expect(page.getByRole("button", { name: `End ${MEASLES_IMMUNITY}` })).toHaveCount(0);
  await visit(page, "child-conditions-ended");

  await page.getByRole("tab", { name: "Forecast" }).click();
  await expect(measles).not.toContainText("Immune");
});

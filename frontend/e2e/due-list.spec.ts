/** Journey: the due list filtered from the URL, its CSV download, a row opening the child. */
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { checkA11y, DEMO_ADMIN, signIn, snap } from "./support";

test("the due list filters from the URL, downloads CSV and opens a child", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/due-list?status=overdue");
  await expect(page.getByRole("heading", { level: 1, name: "Due list" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveValue("Overdue");
  const table = page.getByRole("table", { name: "Due list" });
  await expect(table).toBeVisible();
  const rows = table.locator("tbody tr");
  expect(await rows.count()).toBeGreaterThan(0);
  await expect(rows.first()).toContainText("Overdue");
  await checkA11y(page);
  await snap(page, "due-list");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^due-list.*\.csv$/);
  const text = await readFile((await file.path()) ?? "", "utf8");
  const [header, first] = text.split(/\r?\n/);
  expect(header).toBe(
    "patient_id,first_name,last_name,date_of_birth,age_months,vaccine_group,dose_number," +
      "recommended_date,past_due_date,days_overdue,status,guardian_name,guardian_phone,guardian_email",
  );
  // The CSV holds the same filter as the screen.
  expect(first).toContain(",overdue,");

  // Changing a filter writes it to the URL.
  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "Due", exact: true }).click();
  await expect(page).toHaveURL(/status=due/);
  await expect(table.getByText(/^Overdue/)).toHaveCount(0);

  // The row opens the child.
  const link = table.locator("tbody tr").first().getByRole("link").first();
  const name = (await link.textContent()) ?? "";
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("tab", { name: "Forecast" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
});

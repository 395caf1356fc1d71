/** Journey: reports render their charts and download CSV; the milestone concerns list. */
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { checkA11y, DEMO_ADMIN, signIn, snap } from "./support";

test("reports render a coverage chart and download CSV", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.getByRole("navigation").getByRole("link", { name: "Reports", exact: true }).click();
  // Off the link: a hovered link's tint is not what the page shows.
  await page.mouse.move(5, 5);
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  for (const name of ["Coverage by birth cohort", "Doses administered", "Defaulters"]) {
    await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  }
  const chart = page.getByRole("img", { name: /Coverage by indicator/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("img", { name: "Doses by month" })).toBeVisible();
  await expect(page.getByText(/DTP1–DTP3 dropout/)).toBeVisible();
  await checkA11y(page);
  await snap(page, "reports");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV: coverage" }).click();
  const text = await readFile((await (await download).path()) ?? "", "utf8");
  expect(text.split(/\r?\n/)[0]).toBe("indicator,vaccine_group,eligible,vaccinated,coverage_pct");

  await page.getByRole("radiogroup", { name: "Group by" }).getByText("Vaccine group").click();
  await expect(page.getByRole("img", { name: "Doses by vaccine group" })).toBeVisible();
});

test("the milestone concerns list opens a child's milestones", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/concerns");
  await expect(page.getByRole("heading", { level: 1, name: "Milestone concerns" })).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: "Milestone concerns" })
      .or(page.getByText("No milestone concerns")),
  ).toBeVisible();
  await checkA11y(page);
  await snap(page, "concerns");
  const link = page.getByRole("table", { name: "Milestone concerns" }).getByRole("link").first();
  if ((await link.count()) > 0) {
    await link.click();
    await expect(page.getByRole("tab", { name: "Milestones" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    await expect(
      page
        .getByRole("alert")
        .or(page.getByText(/Concerns \(/))
        .first(),
    ).toBeVisible();
    await checkA11y(page);
    await snap(page, "child-milestones-concern");
  }
});

/** Journey: the demo admin signs in, sees the workspace, and signs out. */
import { expect, test } from "@playwright/test";
import { checkA11y, DEMO_ADMIN, signIn, signOut, snap } from "./support";

test("the demo admin signs in to the dashboard and signs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  await checkA11y(page);
  await snap(page, "sign-in");

  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  const nav = page.getByRole("navigation");
  for (const name of ["Dashboard", "Children", "Due list", "Reports", "Clinic settings"]) {
    await expect(nav.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await checkA11y(page);
  await snap(page, "dashboard");

  // A reload keeps the session (the refresh token outlives the in-memory access token).
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

  await signOut(page);
  await page.goto("/children");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fchildren$/);
});

test("a wrong password is answered in words", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(DEMO_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText(/password/i);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-in returns to the page that was asked for", async ({ page }) => {
  await page.goto("/due-list");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fdue-list$/);
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await expect(page).toHaveURL(/\/due-list$/);
  await expect(page.getByRole("heading", { level: 1, name: "Due list" })).toBeVisible();
});

/** Signing in and out the way a user does: by the form's labels and buttons. */
import { expect, type Page } from "@playwright/test";

export const DEMO_ADMIN = { email: "admin@demo-clinic.example", password: "demo-password-2026" };
export const DEMO_STAFF = { email: "nurse@demo-clinic.example", password: "demo-password-2026" };

/** Sign in from the sign-in page and wait until the app has left it. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

/** Sign out with the always-reachable control and wait for the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** Journeys: sign up a new clinic, verify the email, forget and reset the password, my account. */
import { expect, type Page, test } from "@playwright/test";
import { checkA11y, latestMail, linkIn, mailMark, signIn, signOut, snap } from "./support";

const PASSWORD = "first-password-2026";

/** A new clinic from the sign-up page; returns its admin's email, signed in on the dashboard. */
async function signUpClinic(page: Page, label: string): Promise<string> {
  const email = `${label}-${Date.now()}@new-clinic.example`;
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "New clinic? Create an account" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Create your clinic" })).toBeVisible();
  await page.getByLabel("Clinic name").fill(`Clinic ${label}`);
  await page.getByLabel("Your name").fill("Rose Admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(PASSWORD);
  await page.getByRole("button", { name: "Create clinic" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return email;
}

test("sign up a new clinic, verify the email, then reset a forgotten password", async ({
  page,
}) => {
  await page.goto("/sign-up");
  await checkA11y(page);
  await snap(page, "sign-up");

  const mark = await mailMark();
  const email = await signUpClinic(page, "signup");
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Active children: 0" })).toBeVisible();
  await checkA11y(page);
  await snap(page, "dashboard-new-clinic");

  // The sign-up email's link confirms the address.
  const welcome = await latestMail(email, { after: mark });
  await page.goto(linkIn(welcome, "/verify-email"));
  await expect(page.getByText("Email address confirmed")).toBeVisible();
  expect(new URL(page.url()).search).toBe("");
  await checkA11y(page);
  await snap(page, "verify-email");
  await page.getByRole("link", { name: "Continue" }).click();
  await signOut(page);

  // Forgot password: the emailed link opens the reset page; the token leaves the address bar.
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Forgot password" })).toBeVisible();
  await checkA11y(page);
  await snap(page, "forgot-password");
  const beforeReset = await mailMark();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();

  const resetMail = await latestMail(email, { after: beforeReset });
  await page.goto(linkIn(resetMail, "/reset-password"));
  await expect(
    page.getByRole("heading", { level: 1, name: "Choose a new password" }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/reset-password$/);
  await checkA11y(page);
  await snap(page, "reset-password");
  const newPassword = "second-password-2026";
  await page.getByLabel(/^New password/).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Password changed", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Sign in" }).click();
  await signIn(page, email, newPassword);
  await expect(page).toHaveURL(/\/dashboard$/);

  // The link works once.
  await signOut(page);
  await page.goto(linkIn(resetMail, "/reset-password"));
  await page.getByLabel(/^New password/).fill("third-password-2026");
  await page.getByLabel("Confirm new password").fill("third-password-2026");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert")).toContainText("invalid, already used or expired");
});

test("edit my name and phone and change my password", async ({ page }) => {
  const email = await signUpClinic(page, "account");
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1, name: "My account" })).toBeVisible();
  await checkA11y(page);
  await snap(page, "my-account");

  await page.getByLabel(/^Name/).fill("Rose Renamed");
  await page.getByLabel("Phone").fill("+254 711 222 333");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByText("Your details are saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel(/^Name/)).toHaveValue("Rose Renamed");
  await expect(page.getByLabel("Phone")).toHaveValue("+254 711 222 333");

  await page.getByLabel("Current password").fill("not-my-password");
  await page.getByLabel(/^New password/).fill("changed-password-2026");
  await page.getByLabel("Confirm new password").fill("changed-password-2026");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("The current password is not correct").first()).toBeVisible();

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Password changed.")).toBeVisible();

  await signOut(page);
  await signIn(page, email, "changed-password-2026");
  await expect(page).toHaveURL(/\/dashboard$/);
});

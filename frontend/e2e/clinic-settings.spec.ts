/** Journeys: clinic settings (admins only), inviting staff from the emailed link, reminders. */
import { expect, test } from "@playwright/test";
import {
  checkA11y,
  DEMO_ADMIN,
  DEMO_STAFF,
  latestMail,
  linkIn,
  mailMark,
  signIn,
  signOut,
  snap,
} from "./support";

test("an admin sees every settings tab and saves the clinic's contact", async ({ page }) => {
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.getByRole("navigation").getByRole("link", { name: "Clinic settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Clinic settings" })).toBeVisible();
  await expect(page.getByLabel("Clinic name")).not.toHaveValue("");
  // Off the menu: a hovered link is not what the page looks like.
  await page.mouse.move(600, 5);
  await checkA11y(page);
  await snap(page, "clinic-settings");

  await page.getByLabel("Contact phone").fill("+254 700 123 456");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("The clinic's settings are saved.")).toBeVisible();

  for (const [tab, name] of [
    ["Staff", "clinic-settings-staff"],
    ["Audit trail", "clinic-settings-audit"],
  ] as const) {
    await page.getByRole("tab", { name: tab }).click();
    await expect(page.getByRole("table")).toBeVisible();
    await checkA11y(page);
    await snap(page, name);
  }
  // The audit trail filters by action.
  await page.getByLabel("Action").fill("clinic.update");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByRole("cell", { name: "clinic.update" }).first()).toBeVisible();

  await page.getByRole("tab", { name: "Outbox" }).click();
  await page.getByRole("button", { name: "Run reminders now" }).click();
  await expect(
    page.getByText(/reminders created, \d+ sent, \d+ failed, \d+ skipped/),
  ).toBeVisible();
  await checkA11y(page);
  await snap(page, "clinic-settings-outbox");
});

test("invite a staff member who accepts from the email and gets no clinic settings", async ({
  page,
}) => {
  const email = `new-nurse-${Date.now()}@demo-clinic.example`;
  await signIn(page, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await page.goto("/settings?tab=staff");
  const mark = await mailMark();
  await page.getByRole("button", { name: "Invite staff member" }).click();
  const dialog = page.getByRole("dialog", { name: "Invite staff member" });
  await dialog.getByLabel("Name").fill("Neema Nurse");
  await dialog.getByLabel("Email").fill(email);
  await checkA11y(page);
  await snap(page, "invite-staff");
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText("Invitation sent")).toBeVisible();
  await signOut(page);

  const invitation = await latestMail(email, { after: mark });
  await page.goto(linkIn(invitation, "/accept-invite"));
  await expect(
    page.getByRole("heading", { level: 1, name: "Accept your invitation" }),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/accept-invite$/);
  await checkA11y(page);
  await snap(page, "accept-invite");
  await page.getByLabel("Your name").fill("Neema Nurse");
  await page.getByLabel(/^Password/).fill("neema-password-2026");
  await page.getByLabel("Confirm password").fill("neema-password-2026");
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  // Signed in again as the new staff member: no clinic settings offered, and the URL refuses.
  await signOut(page);
  await signIn(page, email, "neema-password-2026");
  const nav = page.getByRole("navigation");
  await expect(nav.getByRole("link", { name: "Due list", exact: true })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Clinic settings" })).toHaveCount(0);
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Not available to your account" })).toBeVisible();
});

test("the demo staff member is not offered clinic settings", async ({ page }) => {
  await signIn(page, DEMO_STAFF.email, DEMO_STAFF.password);
  await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(
    page.getByRole("navigation").getByRole("link", { name: "Clinic settings" }),
  ).toHaveCount(0);
});

test("the clinic's only admin cannot be demoted, and the page says so", async ({ page }) => {
  const email = `lone-admin-${Date.now()}@new-clinic.example`;
  await page.goto("/sign-up");
  await page.getByLabel("Clinic name").fill("Lone Admin Clinic");
  await page.getByLabel("Your name").fill("Lone Admin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("lone-password-2026");
  await page.getByRole("button", { name: "Create clinic" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/settings?tab=staff");
  await page.getByRole("combobox", { name: "Role of Lone Admin" }).selectOption("staff");
  await expect(page.getByRole("alert")).toContainText("last active admin");
  await expect(page.getByRole("combobox", { name: "Role of Lone Admin" })).toHaveValue("admin");
});

import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { makeUser, renderApp } from "@/test/render";
import { apiError, json, resetFakeApi, sent, serve } from "./fakeApi";

vi.mock("@/api/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/api/client")>();
  const { fakeFetch } = await import("./fakeApi");
  return { ...original, api: original.createApiClient(fakeFetch) };
});

/** Open an emailed link: the address bar and the router both start at `url`. */
function openLink(url: string, user: ReturnType<typeof makeUser> | null = null) {
  window.history.replaceState(null, "", url);
  return renderApp(url, { user });
}

// Typing into Mantine inputs is slow on a shared machine: give the pages time to answer.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

beforeEach(() => {
  resetFakeApi();
  window.history.replaceState(null, "", "/");
});

describe("reset password from the emailed link", () => {
  it("takes the token out of the address bar and sends it with the new password", async () => {
    serve("POST /api/v1/auth/reset-password", {
      message: "Password changed. Please sign in again.",
    });
    openLink("/reset-password?token=secret-token");
    const field = await screen.findByLabelText(/^New password/);
    expect(window.location.search).toBe("");

    await userEvent.type(field, "a-new-password-1");
    await userEvent.type(screen.getByLabelText(/^Confirm new password/), "a-new-password-1");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));

    expect(await screen.findByText("Password changed. Please sign in again.")).toBeVisible();
    expect(sent("POST", "/api/v1/auth/reset-password")).toEqual([
      { token: "secret-token", new_password: "a-new-password-1" },
    ]);
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
  });

  it("refuses different confirmation without asking the API", async () => {
    openLink("/reset-password?token=t");
    await userEvent.type(await screen.findByLabelText(/^New password/), "a-new-password-1");
    await userEvent.type(screen.getByLabelText(/^Confirm new password/), "another-one-22");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByText("The passwords do not match")).toBeVisible();
    expect(sent("POST", "/api/v1/auth/reset-password")).toEqual([]);
  });

  it("shows the API's words for a used link and offers a new one", async () => {
    serve("POST /api/v1/auth/reset-password", () =>
      apiError(400, "invalid_token", "This link is invalid, already used or expired"),
    );
    openLink("/reset-password?token=old");
    await userEvent.type(await screen.findByLabelText(/^New password/), "a-new-password-1");
    await userEvent.type(screen.getByLabelText(/^Confirm new password/), "a-new-password-1");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This link is invalid, already used or expired",
    );
    expect(screen.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  });
});

describe("accept an invitation", () => {
  it("creates the account, signs in and lands staff on the dashboard", async () => {
    const staff = makeUser({ role: "staff", name: "Nia Nurse" });
    serve("POST /api/v1/auth/accept-invite", {
      access_token: "a",
      refresh_token: "r",
      token_type: "bearer",
      user: staff,
    });
    serve("GET /api/v1/reports/summary", () => json(500, {}));
    serve("GET /api/v1/reports/coverage", () => json(500, {}));
    const { router } = openLink("/accept-invite?token=invite-1");
    await userEvent.type(await screen.findByLabelText(/^Your name/), "Nia Nurse");
    await userEvent.type(screen.getByLabelText(/^Password/), "long-enough-pw");
    await userEvent.type(screen.getByLabelText(/^Confirm password/), "long-enough-pw");
    await userEvent.click(screen.getByRole("button", { name: "Accept invitation" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/dashboard"));
    expect(sent("POST", "/api/v1/auth/accept-invite")).toEqual([
      { token: "invite-1", name: "Nia Nurse", password: "long-enough-pw" },
    ]);
    expect(sessionStorage.getItem("hp.refresh_token")).toBe("r");
  });

  it("tells someone who already has an account to sign in", async () => {
    serve("POST /api/v1/auth/accept-invite", () =>
      apiError(409, "email_in_use", "An account with this email already exists"),
    );
    openLink("/accept-invite?token=invite-2");
    await userEvent.type(await screen.findByLabelText(/^Your name/), "Pat Parent");
    await userEvent.type(screen.getByLabelText(/^Password/), "long-enough-pw");
    await userEvent.type(screen.getByLabelText(/^Confirm password/), "long-enough-pw");
    await userEvent.click(screen.getByRole("button", { name: "Accept invitation" }));
    expect(await screen.findByText("You already have an account")).toBeVisible();
    expect(screen.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/sign-in");
  });

  it("lets a signed-in parent accept with one click and opens the child", async () => {
    serve("POST /api/v1/portal/invitations/accept", { id: "child-9" });
    const { router } = openLink(
      "/accept-invite?token=invite-3",
      makeUser({ role: "parent", clinic_id: null }),
    );
    await userEvent.click(await screen.findByRole("button", { name: "Accept invitation" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/portal/children/child-9"));
    expect(sent("POST", "/api/v1/portal/invitations/accept")).toEqual([{ token: "invite-3" }]);
  });
});

describe("my account", () => {
  it("shows a wrong current password next to that field", async () => {
    serve("POST /api/v1/auth/change-password", () =>
      apiError(400, "wrong_password", "The current password is not correct"),
    );
    renderApp("/account");
    await userEvent.type(await screen.findByLabelText(/^Current password/), "not-it");
    await userEvent.type(screen.getByLabelText(/^New password/), "brand-new-pass-1");
    await userEvent.type(screen.getByLabelText(/^Confirm new password/), "brand-new-pass-1");
    await userEvent.click(screen.getByRole("button", { name: "Change password" }));
    const field = screen.getByLabelText(/^Current password/);
    await waitFor(() =>
      expect(field).toHaveAccessibleDescription(/The current password is not correct/),
    );
  });

  it("saves name and phone, an empty phone as none", async () => {
    const user = makeUser({ name: "Sam Someone", phone: "+254 700 000 000" });
    serve("PATCH /api/v1/auth/me", (_request, body) => json(200, { ...user, ...(body as object) }));
    const { client } = renderApp("/account", { user });
    const name = await screen.findByLabelText(/^Name/);
    await userEvent.clear(name);
    await userEvent.type(name, "Samira Someone");
    await userEvent.clear(screen.getByLabelText(/^Phone/));
    await userEvent.click(screen.getByRole("button", { name: "Save details" }));
    await waitFor(() =>
      expect(sent("PATCH", "/api/v1/auth/me")).toEqual([{ name: "Samira Someone", phone: null }]),
    );
    await waitFor(() =>
      expect(client.getQueryData<{ name: string }>(["auth", "me"])?.name).toBe("Samira Someone"),
    );
  });
});

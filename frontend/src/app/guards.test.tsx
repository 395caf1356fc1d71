import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { makeUser, renderApp } from "@/test/render";

describe("route guards", () => {
  it("sends a signed-out visitor to sign in, remembering the page", async () => {
    const { router } = renderApp("/children/abc?tab=forecast", { user: null });
    expect(await screen.findByRole("button", { name: "Sign in" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/sign-in");
    expect(router.state.location.search).toBe("?next=%2Fchildren%2Fabc%3Ftab%3Dforecast");
  });

  it("shows an admin the whole menu and Sign out", async () => {
    renderApp("/dashboard", { user: makeUser({ role: "admin" }) });
    expect(await screen.findByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    const nav = screen.getByRole("navigation");
    for (const name of ["Dashboard", "Children", "Due list", "Reports", "Clinic settings"]) {
      expect(within(nav).getByRole("link", { name })).toBeInTheDocument();
    }
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });

  it("offers staff no clinic settings and refuses the URL", async () => {
    renderApp("/settings", { user: makeUser({ role: "staff" }) });
    expect(
      await screen.findByRole("heading", { name: "Not available to your account" }),
    ).toBeVisible();
    const nav = screen.getByRole("navigation");
    expect(within(nav).queryByRole("link", { name: "Clinic settings" })).toBeNull();
    expect(within(nav).getByRole("link", { name: "Due list" })).toBeInTheDocument();
  });

  it("keeps parents out of the clinic workspace", async () => {
    renderApp("/children", { user: makeUser({ role: "parent", clinic_id: null }) });
    expect(
      await screen.findByRole("heading", { name: "Not available to your account" }),
    ).toBeVisible();
    expect(screen.queryByRole("navigation")).toBeNull();
  });

  it("keeps clinic users out of the portal", async () => {
    renderApp("/portal", { user: makeUser({ role: "staff" }) });
    expect(
      await screen.findByRole("heading", { name: "Not available to your account" }),
    ).toBeVisible();
  });

  it("lands a parent on the portal from the home page", async () => {
    const { router } = renderApp("/", { user: makeUser({ role: "parent", clinic_id: null }) });
    expect(await screen.findByRole("heading", { level: 1, name: "My children" })).toBeVisible();
    expect(router.state.location.pathname).toBe("/portal");
    expect(screen.getByRole("button", { name: "Sign out" })).toBeInTheDocument();
  });
});

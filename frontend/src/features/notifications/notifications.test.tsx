import { configure, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { calls, json, resetFakeApi, sent, serve } from "@/features/account/fakeApi";
import { renderApp } from "@/test/render";
import { badgeText, bellLabel } from "./keys";

vi.mock("@/api/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/api/client")>();
  const { fakeFetch } = await import("@/features/account/fakeApi");
  return { ...original, api: original.createApiClient(fakeFetch) };
});
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const ITEM = {
  id: "n1",
  kind: "reminder",
  title: "Dose due for Amani",
  body: "Measles 2 is due on 20 Jun 2026.",
  patient_id: "p1",
  created_at: "2026-06-17T09:30:00Z",
  read_at: null,
};

beforeEach(resetFakeApi);

describe("notifications", () => {
  it("names the bell with the unread count", () => {
    expect(bellLabel(0)).toBe("Notifications");
    expect(bellLabel(3)).toBe("Notifications, 3 unread");
    expect(badgeText(250)).toBe("99+");
  });

  it("shows the inbox in the clinic's timezone and marks all read", async () => {
    let read = false;
    serve("GET /api/v1/clinic", { timezone: "Africa/Nairobi", name: "Demo" });
    serve("GET /api/v1/notifications", (request) => {
      const unreadOnly = new URL(request.url).searchParams.get("unread") === "true";
      const items = read ? [{ ...ITEM, read_at: "2026-06-17T10:00:00Z" }] : [ITEM];
      const shown = unreadOnly ? items.filter((i) => i.read_at === null) : items;
      return json(200, { items: shown, total: shown.length, page: 1, size: 20 });
    });
    serve("POST /api/v1/notifications/read-all", () => {
      read = true;
      return json(200, { message: "ok" });
    });
    renderApp("/inbox");
    expect(await screen.findByRole("heading", { name: "Dose due for Amani" })).toBeVisible();
    // 09:30 UTC is 12:30 in Nairobi.
    expect(await screen.findByText("17 Jun 2026, 12:30")).toBeVisible();
    expect(screen.getByRole("link", { name: "Notifications, 1 unread" })).toBeVisible();

    await userEvent.click(screen.getByRole("button", { name: "Mark all read" }));
    await waitFor(() => expect(screen.getByRole("link", { name: "Notifications" })).toBeVisible());
    expect(screen.queryByRole("button", { name: /^Mark read/ })).toBeNull();
    expect(sent("POST", "/api/v1/notifications/read-all")).toHaveLength(1);
  });

  it("unsubscribes only after the click, with the link's token", async () => {
    serve("POST /api/v1/notifications/unsubscribe", {
      message: "You will no longer receive reminder emails at this address.",
    });
    window.history.replaceState(null, "", "/unsubscribe?token=tok-1");
    renderApp("/unsubscribe?token=tok-1", { user: null });
    const button = await screen.findByRole("button", { name: "Unsubscribe" });
    expect(calls.filter((c) => c.path.endsWith("/unsubscribe"))).toEqual([]);
    expect(window.location.search).toBe("");
    await userEvent.click(button);
    expect(await screen.findByText(/no longer receive reminder emails/)).toBeVisible();
    expect(sent("POST", "/api/v1/notifications/unsubscribe")).toEqual([{ token: "tok-1" }]);
  });
});

import { configure, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, json, resetFakeApi, sent, serve } from "@/features/account/fakeApi";
import { makeUser, renderApp } from "@/test/render";
import { fhirDateText, reasonText } from "./cardReasons";
import { type Clinic, clinicChanges, clinicFormValues } from "./clinicForm";

vi.mock("@/api/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/api/client")>();
  const { fakeFetch } = await import("@/features/account/fakeApi");
  return { ...original, api: original.createApiClient(fakeFetch) };
});
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const CLINIC: Clinic = {
  id: "c1",
  name: "Demo Clinic",
  address: null,
  phone: "+254 700 000 000",
  email: null,
  timezone: "Africa/Nairobi",
  logo_url: null,
  primary_color: "#1c7ed6",
  schedule_code: "WHO",
  reminder_days_before: 7,
  overdue_after_days: 28,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

const ADMIN = makeUser({ id: "a1", name: "Ada Admin", role: "admin" });

beforeEach(() => {
  resetFakeApi();
  serve("GET /api/v1/clinic", CLINIC);
  serve("GET /api/v1/schedules", [{ code: "WHO", name: "WHO schedule" }]);
});

describe("clinic settings form", () => {
  it("sends only what changed, an emptied field as null", () => {
    const before = clinicFormValues(CLINIC);
    const after = { ...before, name: " New name ", phone: "", overdue_after_days: 30 };
    expect(clinicChanges(before, after)).toEqual({
      name: "New name",
      phone: null,
      overdue_after_days: 30,
    });
    expect(clinicChanges(before, before)).toEqual({});
  });

  it("shows the last-admin answer plainly when demoting the only admin", async () => {
    serve("GET /api/v1/clinic/staff", {
      items: [ADMIN, makeUser({ id: "s1", name: "Nia Nurse", role: "staff" })],
      total: 2,
      page: 1,
      size: 20,
    });
    serve("PATCH /api/v1/clinic/staff/a1", () =>
      apiError(
        409,
        "last_admin",
        "The clinic's last active admin cannot be demoted or deactivated",
      ),
    );
    renderApp("/settings?tab=staff", { user: ADMIN });
    const role = await screen.findByRole("combobox", { name: "Role of Ada Admin" });
    await userEvent.selectOptions(role, "staff");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "The clinic's last active admin cannot be demoted or deactivated",
    );
    expect(sent("PATCH", "/api/v1/clinic/staff/a1")).toEqual([{ role: "staff" }]);
    expect(role).toHaveValue("admin");
  });

  it("runs the reminders and says what the run did", async () => {
    serve("GET /api/v1/notifications/outbox", { items: [], total: 0, page: 1, size: 20 });
    serve("POST /api/v1/notifications/reminders/run", () =>
      json(200, { created: 4, sent: 3, failed: 1, skipped: 2 }),
    );
    renderApp("/settings?tab=outbox", { user: ADMIN });
    expect(await screen.findByText("No emails yet")).toBeVisible();
    await userEvent.click(screen.getByRole("button", { name: "Run reminders now" }));
    expect(
      await screen.findByText("4 reminders created, 3 sent, 1 failed, 2 skipped."),
    ).toBeVisible();
  });
});

describe("health card verification words", () => {
  it("explains every reason the API gives, and names an unknown one", () => {
    expect(reasonText("bad_signature")).toMatch(/altered or signed by someone else/);
    expect(reasonText("something_new")).toBe("The card could not be verified (something_new).");
    expect(reasonText(null)).toBe("The card could not be verified.");
  });

  it("shows full FHIR dates the app's way and partial ones as written", () => {
    const full = (iso: string) => `full ${iso}`;
    expect(fhirDateText("2025-03-12", full)).toBe("full 2025-03-12");
    expect(fhirDateText("2025-03", full)).toBe("2025-03");
    expect(fhirDateText(null, full)).toBe("—");
  });
});

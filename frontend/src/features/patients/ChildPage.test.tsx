/** The child's page against a fake API: header, sections by role, the 412 on a stale edit. */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { components } from "@/api/schema";
import { makeUser, renderApp } from "@/test/render";

type Handler = (request: Request) => Response | undefined;

// The client keeps the fetch it finds when it is created, so the fake goes in before imports.
const fake = vi.hoisted(() => {
  const state = { handler: (() => undefined) as Handler, calls: [] as Request[] };
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    state.calls.push(request);
    return (
      state.handler(request) ??
      new Response(JSON.stringify({ error: { code: "not_found", message: "Not found" } }), {
        status: 404,
        headers: { "Content-Type": "application/json" },
      })
    );
  }) as typeof fetch;
  // jsdom has no FontFaceSet; Mantine's autosizing Textarea listens to it.
  if (!("fonts" in document)) {
    Object.defineProperty(document, "fonts", {
      value: { addEventListener() {}, removeEventListener() {} },
    });
  }
  return state;
});

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });

const patient: components["schemas"]["PatientRead"] = {
  id: "p1",
  clinic_id: "c1",
  first_name: "Amina",
  last_name: "Okafor",
  date_of_birth: "2025-03-12",
  sex: "female",
  medical_record_number: "MRN-7",
  gestational_age_weeks: null,
  address: null,
  notes: null,
  status: "active",
  archived_reason: null,
  guardians: [],
  age: { years: 1, months: 3, days: 5 },
  created_at: "2025-03-12T00:00:00Z",
  updated_at: "2025-03-12T00:00:00Z",
};

const forecast: components["schemas"]["PatientForecast"] = {
  schedule: "who",
  assessment_date: "2026-06-17",
  doses: [],
  vaccine_groups: [],
  summary: { status: "overdue", next_due_date: "2026-05-01", overdue_vaccine_groups: ["MMR"] },
};

function api(extra: Handler = () => undefined): Handler {
  return (request) => {
    const extraAnswer = extra(request);
    if (extraAnswer) return extraAnswer;
    const { pathname } = new URL(request.url);
    if (pathname === "/api/v1/patients/p1") return json(patient, 200, { ETag: '"p1.3"' });
    if (pathname === "/api/v1/patients/p1/forecast") return json(forecast);
    if (pathname === "/api/v1/patients/p1/immunizations") return json([]);
    return undefined;
  };
}

afterEach(() => {
  fake.calls = [];
});

describe("a child's page", () => {
  it("shows the child's name as its one h1 and the API's forecast summary", async () => {
    fake.handler = api();
    renderApp("/children/p1");
    expect(
      await screen.findByRole("heading", { level: 1, name: "Amina Okafor" }, { timeout: 8000 }),
    ).toBeVisible();
    expect(screen.getAllByRole("heading", { level: 1 })).toHaveLength(1);
    expect(await screen.findByText("Immunizations: Overdue")).toBeVisible();
    expect(screen.getByText("MRN-7")).toBeVisible();
    expect(screen.getByText("12 Mar 2025")).toBeVisible();
    const tabs = screen.getAllByRole("tab").map((tab) => tab.textContent);
    expect(tabs).toEqual([
      "Immunizations",
      "Forecast",
      "Conditions",
      "Milestones",
      "Guardians",
      "Profile",
      "Activity",
    ]);
    expect(screen.getByRole("button", { name: "Record dose" })).toBeEnabled();
  }, 20_000);

  it("does not offer staff the Activity section", async () => {
    fake.handler = api();
    renderApp("/children/p1?tab=activity", { user: makeUser({ role: "staff" }) });
    await screen.findByRole("heading", { level: 1, name: "Amina Okafor" }, { timeout: 8000 });
    expect(screen.queryByRole("tab", { name: "Activity" })).toBeNull();
    // An Activity link falls back to the first section.
    expect(screen.getByRole("tab", { name: "Immunizations" })).toHaveAttribute(
      "aria-selected",
      "true",
    );
    expect(fake.calls.some((r) => r.url.includes("audit-events"))).toBe(false);
  });

  it("sends the ETag with an edit and explains a 412, keeping what was typed", async () => {
    const user = userEvent.setup();
    let ifMatch: string | null = null;
    fake.handler = api((request) => {
      if (request.method === "PATCH") {
        ifMatch = request.headers.get("If-Match");
        return json(
          {
            error: {
              code: "precondition_failed",
              message: "The record was changed by someone else; reload and retry",
            },
          },
          412,
        );
      }
      return undefined;
    });
    renderApp("/children/p1?tab=profile");
    const lastName = await screen.findByLabelText(/Last name/, {}, { timeout: 8000 });
    await user.clear(lastName);
    await user.type(lastName, "Okafor-Bello");
    await user.click(screen.getByRole("button", { name: "Save profile" }));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("Someone else changed this record")).toBeVisible();
    expect(within(alert).getByRole("button", { name: "Reload" })).toBeVisible();
    expect(ifMatch).toBe('"p1.3"');
    expect(screen.getByLabelText(/Last name/)).toHaveValue("Okafor-Bello");
  }, 20_000);
});

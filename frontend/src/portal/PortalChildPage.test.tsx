import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { makeUser, renderApp } from "@/test/render";

// The API client keeps the fetch it was made with: replace it before any module loads.
const answers = vi.hoisted(() => {
  const table = new Map<string, { status: number; body: unknown }>();
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const answer = table.get(url.pathname) ?? {
      status: 404,
      body: { error: { code: "not_found", message: "Not found", details: null } },
    };
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "Content-Type": "application/json" },
    });
  }) as typeof fetch;
  return table;
});

const parent = makeUser({ role: "parent", clinic_id: null });
const base = "/api/v1/patients/kid1";

function child() {
  answers.set(base, {
    status: 200,
    body: {
      id: "kid1",
      clinic_id: "c1",
      first_name: "Amara",
      last_name: "Okafor",
      date_of_birth: "2025-01-10",
      sex: "female",
      age: { years: 1, months: 5, days: 7 },
      guardians: [],
      notes: null,
    },
  });
  answers.set(`${base}/immunizations`, {
    status: 200,
    body: [
      {
        id: "r1",
        status: "completed",
        vaccine_name: "MMR",
        cvx: "03",
        vaccine_groups: ["MMR"],
        date_administered: "2025-11-01",
        evaluations: [
          {
            antigen: "Measles",
            vaccine_group: "MMR",
            status: "not_valid",
            reason: "Age: Too Young",
            dose_number: 1,
            series: null,
          },
        ],
      },
    ],
  });
  answers.set(`${base}/forecast`, {
    status: 200,
    body: {
      schedule: "cdc-acip",
      assessment_date: "2026-06-17",
      doses: [],
      vaccine_groups: [
        {
          vaccine_group: "MMR",
          status: "not_complete",
          conditions: [],
          forecast: {
            dose_number: 1,
            earliest_date: "2026-01-10",
            recommended_date: "2026-01-10",
            past_due_date: "2026-05-10",
            latest_date: null,
            past_due_rule: "schedule",
          },
        },
        { vaccine_group: "Varicella", status: "immune", conditions: ["023"], forecast: null },
      ],
      summary: {
        status: "overdue",
        next_due_date: "2026-01-10",
        overdue_vaccine_groups: ["MMR"],
        due_vaccine_groups: [],
      },
    },
  });
}

afterEach(() => answers.clear());

describe("a child's page in the portal", () => {
  it("shows the sections, spelled-out groups and a dose that did not count", async () => {
    child();
    renderApp("/portal/children/kid1", { user: parent });
    expect(
      await screen.findByRole("heading", { level: 1, name: "Amara Okafor" }, { timeout: 5000 }),
    ).toBeVisible();
    for (const name of ["Upcoming vaccines", "Vaccination history", "Milestones", "Your clinic"]) {
      expect(screen.getByRole("heading", { level: 2, name })).toBeInTheDocument();
    }
    expect(screen.getByRole("link", { name: "Print record" })).toHaveAttribute(
      "href",
      "/portal/children/kid1/print",
    );
    expect(await screen.findByText("Measles, mumps and rubella (MMR)")).toBeVisible();
    expect(screen.getByText("Overdue")).toBeVisible();
    // A group a condition settled says so instead of offering a dose.
    expect(screen.getByText("Chickenpox (varicella)")).toBeVisible();
    expect(screen.getByText("Not needed: your child is immune")).toBeVisible();
    expect(
      await screen.findByText("Did not count: given too early; your clinic will advise"),
    ).toBeVisible();
  });

  it("answers another family's child with not available", async () => {
    renderApp("/portal/children/someone-else", { user: parent });
    expect(
      await screen.findByRole(
        "heading",
        { name: "Not available to your account" },
        { timeout: 5000 },
      ),
    ).toBeVisible();
  });
});

import { describe, expect, it } from "vitest";
import {
  ageWords,
  type DoseRecord,
  didNotCount,
  type Forecast,
  groupName,
  settledVaccines,
  summaryLine,
  upcomingVaccines,
  validDoses,
} from "./words";

function dose(
  group: string,
  recommended: string | null,
  pastDue: string | null = null,
): Forecast["vaccine_groups"][number] {
  return {
    vaccine_group: group,
    status: "not_complete",
    conditions: [],
    forecast: {
      dose_number: 2,
      earliest_date: recommended,
      recommended_date: recommended,
      past_due_date: pastDue,
      latest_date: null,
      past_due_rule: "schedule",
    },
  };
}

function forecast(
  groups: Forecast["vaccine_groups"],
  summary: Partial<Forecast["summary"]>,
): Forecast {
  return {
    schedule: "cdc-acip",
    assessment_date: "2026-06-17",
    doses: [],
    vaccine_groups: groups,
    summary: {
      status: "up_to_date",
      next_due_date: null,
      overdue_vaccine_groups: [],
      due_vaccine_groups: [],
      ...summary,
    },
  };
}

function record(statuses: string[], reason: string | null = null): DoseRecord {
  return {
    id: "r1",
    status: "completed",
    evaluations: statuses.map((status) => ({
      antigen: "Measles",
      vaccine_group: "MMR",
      status,
      reason,
      dose_number: 1,
      series: null,
    })),
  } as unknown as DoseRecord;
}

describe("summaryLine", () => {
  it("names the overdue groups by their short names and the earliest past-due date", () => {
    const f = forecast(
      [dose("DTaP/Tdap/Td", "2026-01-03", "2026-03-03"), dose("Polio", "2026-02-01", "2026-04-10")],
      { status: "overdue", overdue_vaccine_groups: ["DTaP/Tdap/Td", "Polio"] },
    );
    expect(summaryLine(f)).toBe("Overdue: DTaP, Polio since 3 Mar 2026");
  });

  it("says what is due now, up to date, or complete, as the API's summary says", () => {
    expect(summaryLine(forecast([], { status: "due", due_vaccine_groups: ["MMR"] }))).toBe(
      "Due now: MMR",
    );
    expect(summaryLine(forecast([], { status: "up_to_date" }))).toBe("Up to date");
    expect(summaryLine(forecast([], { status: "complete" }))).toBe("All vaccines complete");
  });
});

describe("upcomingVaccines", () => {
  it("puts overdue groups first, then due now, then the rest by recommended date", () => {
    const f = forecast(
      [
        dose("Varicella", "2026-09-01"),
        dose("MMR", "2026-06-10"),
        dose("HepA", "2026-07-01"),
        dose("Hib", "2026-01-01", "2026-02-01"),
      ],
      { overdue_vaccine_groups: ["Hib"], due_vaccine_groups: ["MMR"] },
    );
    expect(upcomingVaccines(f).map((r) => [r.group, r.state])).toEqual([
      ["Hib", "overdue"],
      ["MMR", "due"],
      ["HepA", "next"],
      ["Varicella", "next"],
    ]);
  });

  it("leaves out groups that are complete or have no next dose", () => {
    const complete = { ...dose("HepB", null), status: "complete" as const, forecast: null };
    expect(upcomingVaccines(forecast([complete], {}))).toEqual([]);
  });
});

describe("settledVaccines", () => {
  it("names the groups a condition made immune or contraindicated, and no upcoming dose", () => {
    const immune = { ...dose("Measles", null), status: "immune" as const, forecast: null };
    const contra = { ...dose("Rotavirus", null), status: "contraindicated" as const };
    const f = forecast([immune, contra, dose("MMR", "2026-07-01")], {});
    expect(settledVaccines(f)).toEqual([
      { group: "Measles", status: "immune", words: "Not needed: your child is immune" },
      {
        group: "Rotavirus",
        status: "contraindicated",
        words: "Not to be given: your clinic advises against it for your child",
      },
    ]);
    expect(upcomingVaccines(f).map((r) => r.group)).toEqual(["MMR"]);
  });
});

describe("doses that did not count", () => {
  it("says plainly why, and keeps the dose out of the printed valid doses", () => {
    const early = record(["not_valid"], "Age: Too Young");
    expect(didNotCount(early)).toBe("did not count: given too early; your clinic will advise");
    expect(didNotCount(record(["not_valid"], "Interval: too Soon"))).toContain("given too early");
    const valid = record(["valid", "not_valid"]);
    expect(didNotCount(valid)).toBeNull();
    expect(validDoses([early, valid])).toEqual([valid]);
  });
});

describe("words", () => {
  it("spells out vaccine group names and keeps unknown ones", () => {
    expect(groupName("MMR")).toBe("Measles, mumps and rubella (MMR)");
    expect(groupName("Something new")).toBe("Something new");
  });

  it("writes ages in years and months, months, or days", () => {
    expect(ageWords({ years: 2, months: 3, days: 1 })).toBe("2 years 3 months");
    expect(ageWords({ years: 1, months: 0, days: 4 })).toBe("1 year");
    expect(ageWords({ years: 0, months: 5, days: 4 })).toBe("5 months");
    expect(ageWords({ years: 0, months: 0, days: 1 })).toBe("1 day");
  });
});

import { describe, expect, it } from "vitest";
import type { components } from "@/api/schema";
import { forecastRows } from "./forecast-order";

type Group = components["schemas"]["VaccineGroupForecast"];

const group = (name: string): Group => ({
  vaccine_group: name,
  status: "not_complete",
  forecast: null,
});

describe("forecastRows", () => {
  it("puts the groups the API calls overdue first, keeping the API's order otherwise", () => {
    const rows = forecastRows({
      schedule: "who",
      assessment_date: "2026-06-17",
      doses: [],
      vaccine_groups: [group("BCG"), group("DTP"), group("Polio"), group("MMR")],
      summary: { status: "overdue", next_due_date: null, overdue_vaccine_groups: ["MMR", "DTP"] },
    });
    expect(rows.map((r) => [r.group.vaccine_group, r.overdue])).toEqual([
      ["DTP", true],
      ["MMR", true],
      ["BCG", false],
      ["Polio", false],
    ]);
  });
});

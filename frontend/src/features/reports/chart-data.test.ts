import { describe, expect, it } from "vitest";
import { cohortOptions, coverageData } from "./chart-data";

describe("report chart data", () => {
  it("keeps the API's coverage figures per indicator", () => {
    const data = coverageData({
      as_of: "2026-06-17",
      cohort: "12-23m",
      born_from: "2024-06-18",
      born_to: "2025-06-17",
      schedule: "who",
      eligible: 10,
      indicators: [
        { indicator: "DTP1", vaccine_group: "DTP", eligible: 10, vaccinated: 9, coverage_pct: 90 },
        { indicator: "MCV1", vaccine_group: "MMR", eligible: 10, vaccinated: 7, coverage_pct: 70 },
      ],
      dropout_dtp1_dtp3_pct: 11.1,
    });
    expect(data).toEqual([
      { indicator: "DTP1", coverage: 90 },
      { indicator: "MCV1", coverage: 70 },
    ]);
  });

  it("offers birth years before the report's year", () => {
    const values = cohortOptions("2026-06-17").map((o) => o.value);
    expect(values).toEqual([
      "12-23m",
      "24-35m",
      "born:2025",
      "born:2024",
      "born:2023",
      "born:2022",
      "born:2021",
    ]);
    expect(cohortOptions(undefined)).toHaveLength(2);
  });
});

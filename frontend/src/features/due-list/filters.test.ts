import { describe, expect, it } from "vitest";
import { apiQuery, readFilters, writeFilters } from "./filters";

describe("due list filters", () => {
  it("reads what a dashboard link sends and ignores what is malformed", () => {
    const filters = readFilters(
      new URLSearchParams("status=overdue&to=2026-07-17&from=17/06/2026&vaccine_group=MMR&page=x"),
    );
    expect(filters).toEqual({
      from: null,
      to: "2026-07-17",
      status: "overdue",
      vaccine_group: "MMR",
      page: 1,
    });
    expect(readFilters(new URLSearchParams("status=everything")).status).toBeNull();
  });

  it("writes back only the filters in use, so the URL round-trips", () => {
    const filters = readFilters(new URLSearchParams("status=due&page=3&from=2026-06-01"));
    expect(writeFilters(filters).toString()).toBe("from=2026-06-01&status=due&page=3");
    expect(readFilters(writeFilters(filters))).toEqual(filters);
  });

  it("asks the CSV for the same rows without paging", () => {
    const filters = readFilters(new URLSearchParams("status=due&page=3"));
    expect(new URLSearchParams(apiQuery(filters, "csv")).toString()).toBe("status=due&format=csv");
  });
});

import { configure, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { resetFakeApi, serve } from "@/features/account/fakeApi";
import { renderApp } from "@/test/render";
import { formatPercent, summaryFigures } from "./figures";

vi.mock("@/api/client", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/api/client")>();
  const { fakeFetch } = await import("@/features/account/fakeApi");
  return { ...original, api: original.createApiClient(fakeFetch) };
});
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 20_000 });

const SUMMARY = {
  as_of: "2026-06-17",
  active_patients: 1234,
  up_to_date_pct: 87.46,
  due_next_30_days: 12,
  overdue: 7,
  doses_administered_last_30_days: 55,
  children_with_milestone_concerns: 3,
};

beforeEach(resetFakeApi);

describe("dashboard figures", () => {
  it("links every figure to the list that explains it", () => {
    const links = Object.fromEntries(summaryFigures(SUMMARY).map((f) => [f.label, f.to]));
    expect(links).toEqual({
      "Active children": "/children",
      "Up to date": "/reports",
      "Due in 30 days": "/due-list?status=due",
      Overdue: "/due-list?status=overdue",
      "Doses in the last 30 days": "/reports",
      "Milestone concerns": "/concerns",
    });
  });

  it("shows percentages to one decimal", () => {
    expect(formatPercent(87.46)).toBe("87.5%");
    expect(formatPercent(100)).toBe("100%");
  });

  it("shows the API's figures as links and the coverage table", async () => {
    serve("GET /api/v1/reports/summary", SUMMARY);
    serve("GET /api/v1/reports/coverage", {
      as_of: "2026-06-17",
      cohort: "12-23m",
      born_from: "2024-06-18",
      born_to: "2025-06-17",
      schedule: "WHO",
      eligible: 10,
      indicators: [
        { indicator: "DTP3", vaccine_group: "DTP", eligible: 10, vaccinated: 8, coverage_pct: 80 },
      ],
      dropout_dtp1_dtp3_pct: 11.1,
    });
    renderApp("/dashboard");
    const overdue = await screen.findByRole("link", { name: "Overdue: 7" });
    expect(overdue).toHaveAttribute("href", "/due-list?status=overdue");
    expect(screen.getByRole("link", { name: "Active children: 1,234" })).toHaveAttribute(
      "href",
      "/children",
    );
    expect(screen.getByText("As of 17 Jun 2026")).toBeVisible();
    const region = await screen.findByRole("region", { name: "Coverage, children 12–23 months" });
    const row = await within(region).findByRole("row", { name: /DTP3/ });
    expect(row).toHaveTextContent("8 of 10");
    expect(within(region).getByText(/DTP1 to DTP3 dropout 11.1%/)).toBeInTheDocument();
  });
});

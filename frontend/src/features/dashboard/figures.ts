/** The dashboard's figures: each summary number, how it reads and the list it opens. */
import type { components } from "@/api/schema";

export type Summary = components["schemas"]["Summary"];

export type Figure = { label: string; value: string; to: string; hint: string };

const count = new Intl.NumberFormat("en-GB");
const percent = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** A percentage as the API gives it (0 to 100), e.g. "87.5%". */
export function formatPercent(value: number): string {
  return `${percent.format(value)}%`;
}

/** The six figures in reading order; every one links to the list that explains it. */
export function summaryFigures(summary: Summary): Figure[] {
  return [
    {
      label: "Active children",
      value: count.format(summary.active_patients),
      to: "/children",
      hint: "Children followed by the clinic",
    },
    {
      label: "Up to date",
      value: formatPercent(summary.up_to_date_pct),
      to: "/reports",
      hint: "Active children with no dose overdue",
    },
    {
      label: "Due in 30 days",
      value: count.format(summary.due_next_30_days),
      to: "/due-list?status=due",
      hint: "Children with a dose due soon",
    },
    {
      label: "Overdue",
      value: count.format(summary.overdue),
      to: "/due-list?status=overdue",
      hint: "Children with a dose overdue",
    },
    {
      label: "Doses in the last 30 days",
      value: count.format(summary.doses_administered_last_30_days),
      to: "/reports",
      hint: "Doses the clinic gave",
    },
    {
      label: "Milestone concerns",
      value: count.format(summary.children_with_milestone_concerns),
      to: "/concerns",
      hint: "Children with a milestone concern",
    },
  ];
}

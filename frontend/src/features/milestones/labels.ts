/** Words for milestone statuses and concern kinds. */

export const STATUS_LABELS: Record<string, string> = {
  achieved: "Achieved",
  not_yet: "Not yet",
  unsure: "Unsure",
};

export const CONCERN_LABELS: Record<string, string> = {
  loss_of_skill: "Lost a skill",
  who_window_passed: "Past the WHO window",
  not_yet: "Not yet achieved",
  not_observed: "Not observed",
};

/** A checklist's age as "2 months", "1 year", "18 months". */
export function checklistAge(months: number): string {
  if (months % 12 === 0 && months >= 12) {
    const years = months / 12;
    return `${years} ${years === 1 ? "year" : "years"}`;
  }
  return `${months} ${months === 1 ? "month" : "months"}`;
}

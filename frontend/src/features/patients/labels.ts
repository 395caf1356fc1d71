/** Words for the API's codes (enums): shown to people, never used to decide anything. */
import type { components } from "@/api/schema";

type Age = components["schemas"]["Age"];

/** A code like "left_arm" as "Left arm" when no better word is known. */
export function humanize(code: string | null | undefined, empty = "—"): string {
  if (!code) return empty;
  const words = code.replace(/_/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : empty;
}

/** An age as the API computes it: "2 y 3 m", "5 m 12 d", "9 d". */
export function formatAge(age: Age): string {
  if (age.years > 0) return age.months > 0 ? `${age.years} y ${age.months} m` : `${age.years} y`;
  if (age.months > 0) return age.days > 0 ? `${age.months} m ${age.days} d` : `${age.months} m`;
  return `${age.days} d`;
}

const SUMMARY: Record<string, { label: string; color: string }> = {
  // Shades dark (or light) enough for AA contrast with the badge's text.
  up_to_date: { label: "Up to date", color: "teal.9" },
  complete: { label: "Complete", color: "teal.9" },
  due: { label: "Due", color: "yellow.4" },
  overdue: { label: "Overdue", color: "red.9" },
};

/** The forecast summary status as a badge's words and colour. */
export function summaryBadge(status: string): { label: string; color: string } {
  return SUMMARY[status] ?? { label: humanize(status), color: "gray" };
}

type Badge = { label: string; color?: string; variant: "filled" | "light" | "default" };

const GROUP_STATUS: Record<string, Badge> = {
  not_complete: { label: "Not complete", variant: "light" },
  complete: { label: "Complete", variant: "default" },
  aged_out: { label: "Aged out", variant: "default" },
  // A condition settled these groups: filled, in shades that keep AA contrast with white text.
  immune: { label: "Immune", color: "teal.9", variant: "filled" },
  contraindicated: { label: "Contraindicated", color: "grape.9", variant: "filled" },
  not_recommended: { label: "Not recommended", variant: "default" },
};

/** A forecast vaccine group's status as a badge's words, colour and variant. */
export function groupStatusBadge(status: string): Badge {
  return GROUP_STATUS[status] ?? { label: humanize(status), variant: "default" };
}

/** Route names as written on vaccine labels. */
export const ROUTE_LABELS: Record<string, string> = {
  intramuscular: "Intramuscular (IM)",
  subcutaneous: "Subcutaneous (SC)",
  intradermal: "Intradermal (ID)",
  oral: "Oral",
  intranasal: "Intranasal",
};

/** Options for a Select from an enum's values, labelled with humanize() unless named. */
export function options(values: readonly string[], labels: Record<string, string> = {}) {
  return values.map((value) => ({ value, label: labels[value] ?? humanize(value) }));
}

export const SEXES = ["female", "male", "other", "unknown"] as const;
export const RELATIONSHIPS = ["mother", "father", "guardian", "other"] as const;
export const SITES = [
  "left_arm",
  "right_arm",
  "left_thigh",
  "right_thigh",
  "oral",
  "nasal",
  "other",
] as const;
export const ROUTES = [
  "intramuscular",
  "subcutaneous",
  "intradermal",
  "oral",
  "intranasal",
] as const;
export const SOURCES = ["administered", "historical", "reported"] as const;
export const NOT_DONE_REASONS = [
  "refusal",
  "contraindication",
  "out_of_stock",
  "illness",
  "other",
] as const;

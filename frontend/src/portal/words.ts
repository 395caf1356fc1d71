/** Plain words for parents: vaccine group names spelled out, forecast and dose status sentences. */
import { formatDate } from "@/api/dates";
import type { components } from "@/api/schema";

export type Forecast = components["schemas"]["PatientForecast"];
export type GroupForecast = Forecast["vaccine_groups"][number];
export type DoseRecord = components["schemas"]["RecordRead"];
type Evaluation = DoseRecord["evaluations"][number];

// Spelled-out names of the schedules' vaccine groups (the CDC-ACIP and WHO schedules' group
// names, as the API answers them). Wording from CDC's "Vaccines and Preventable Diseases" list
// (https://www.cdc.gov/vaccines/vpd/) and WHO's position papers; the short name stays in brackets.
const GROUP_NAMES: Record<string, string> = {
  BCG: "Tuberculosis (BCG)",
  Chikungunya: "Chikungunya",
  Cholera: "Cholera",
  "COVID-19": "COVID-19",
  Dengue: "Dengue",
  DTP: "Diphtheria, tetanus and whooping cough (DTP)",
  "DTaP/Tdap/Td": "Diphtheria, tetanus and whooping cough (DTaP)",
  Ebola: "Ebola",
  HepA: "Hepatitis A (HepA)",
  HepB: "Hepatitis B (HepB)",
  Hib: "Haemophilus influenzae type b (Hib)",
  HPV: "Human papillomavirus (HPV)",
  Influenza: "Flu (influenza)",
  "Japanese Encephalitis": "Japanese encephalitis",
  Measles: "Measles",
  Meningococcal: "Meningococcal disease (MenACWY)",
  "Meningococcal B": "Meningococcal B disease (MenB)",
  MMR: "Measles, mumps and rubella (MMR)",
  Orthopoxvirus: "Mpox and smallpox",
  Pneumococcal: "Pneumococcal disease (PCV)",
  Polio: "Polio (IPV)",
  Rabies: "Rabies",
  Rotavirus: "Rotavirus",
  RSV: "Respiratory syncytial virus (RSV)",
  Rubella: "Rubella",
  TBE: "Tick-borne encephalitis (TBE)",
  Typhoid: "Typhoid",
  Varicella: "Chickenpox (varicella)",
  "Yellow Fever": "Yellow fever",
  Zoster: "Shingles (zoster)",
};

// The short names parents know the vaccines by, for one-line summaries.
const SHORT_NAMES: Record<string, string> = { "DTaP/Tdap/Td": "DTaP" };

/** A vaccine group's name spelled out ("Measles, mumps and rubella (MMR)"). */
export function groupName(group: string): string {
  return GROUP_NAMES[group] ?? group;
}

/** A vaccine group's short name ("MMR", "DTaP"). */
export function shortGroupName(group: string): string {
  return SHORT_NAMES[group] ?? group;
}

export type Upcoming = {
  group: string;
  state: "overdue" | "due" | "next";
  dose: NonNullable<GroupForecast["forecast"]>;
};

/** The vaccine groups with a next dose, in the API's states, overdue first, then by date. */
export function upcomingVaccines(forecast: Forecast): Upcoming[] {
  const overdue = new Set(forecast.summary.overdue_vaccine_groups);
  const due = new Set(forecast.summary.due_vaccine_groups ?? []);
  const rank = { overdue: 0, due: 1, next: 2 } as const;
  const rows: Upcoming[] = [];
  for (const group of forecast.vaccine_groups) {
    if (!group.forecast || group.status !== "not_complete") continue;
    const name = group.vaccine_group;
    const state = overdue.has(name) ? "overdue" : due.has(name) ? "due" : "next";
    // A group neither overdue nor due whose latest date has passed is no longer givable.
    if (state === "next" && !group.forecast.recommended_date) continue;
    rows.push({ group: name, state, dose: group.forecast });
  }
  return rows.sort(
    (a, b) =>
      rank[a.state] - rank[b.state] ||
      (a.dose.recommended_date ?? "").localeCompare(b.dose.recommended_date ?? ""),
  );
}

export type Settled = { group: string; status: "immune" | "contraindicated"; words: string };

const SETTLED_WORDS = {
  immune: "Not needed: your child is immune",
  contraindicated: "Not to be given: your clinic advises against it for your child",
} as const;

/** The vaccine groups a recorded condition settled (immune, or not to be given), in plain words. */
export function settledVaccines(forecast: Forecast): Settled[] {
  return forecast.vaccine_groups.flatMap((g) =>
    g.status === "immune" || g.status === "contraindicated"
      ? [{ group: g.vaccine_group, status: g.status, words: SETTLED_WORDS[g.status] }]
      : [],
  );
}

/** One line for a child's card: "Up to date", "Due now: MMR", "Overdue: DTaP since 3 Mar 2026". */
export function summaryLine(forecast: Forecast): string {
  const { summary } = forecast;
  if (summary.status === "overdue") {
    const pastDue = new Map(
      forecast.vaccine_groups.map((g) => [g.vaccine_group, g.forecast?.past_due_date ?? null]),
    );
    const groups = summary.overdue_vaccine_groups;
    const since = groups
      .map((g) => pastDue.get(g))
      .filter((d): d is string => Boolean(d))
      .sort()[0];
    const names = groups.map(shortGroupName).join(", ");
    return since ? `Overdue: ${names} since ${formatDate(since)}` : `Overdue: ${names}`;
  }
  if (summary.status === "due") {
    const names = (summary.due_vaccine_groups ?? []).map(shortGroupName).join(", ");
    return names ? `Due now: ${names}` : "Due now";
  }
  if (summary.status === "complete") return "All vaccines complete";
  return "Up to date";
}

const REASONS: [RegExp, string][] = [
  [/too young|too soon/i, "given too early"],
  [/too old/i, "given too late"],
  [/expired/i, "the vaccine had expired"],
];

/** Whether a completed dose counted, and if not, why in plain words (null when it counted). */
export function didNotCount(record: DoseRecord): string | null {
  if (record.status !== "completed") return null;
  const evaluations: Evaluation[] = record.evaluations;
  if (evaluations.length === 0 || evaluations.some((e) => e.status === "valid")) return null;
  const reason = evaluations.map((e) => e.reason ?? "").join(" ");
  const words = REASONS.find(([pattern]) => pattern.test(reason))?.[1] ?? "not needed";
  return `did not count: ${words}; your clinic will advise`;
}

/** Doses that count, for the printed record: completed, and valid for some vaccine group. */
export function validDoses(records: DoseRecord[]): DoseRecord[] {
  return records.filter((r) => r.status === "completed" && didNotCount(r) === null);
}

/** An age in words: "2 years 3 months", "5 months", "12 days". */
export function ageWords(age: { years: number; months: number; days: number }): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (age.years >= 1) {
    return age.months
      ? `${plural(age.years, "year")} ${plural(age.months, "month")}`
      : plural(age.years, "year");
  }
  if (age.months >= 1) return plural(age.months, "month");
  return plural(age.days, "day");
}

/** The clinic settings form: values from the API's ClinicRead, and the PATCH body of what changed. */
import type { components } from "@/api/schema";

export type Clinic = components["schemas"]["ClinicRead"];
export type ClinicUpdate = components["schemas"]["ClinicUpdate"];

export type ClinicFormValues = {
  name: string;
  address: string;
  phone: string;
  email: string;
  timezone: string;
  schedule_code: string;
  primary_color: string;
  logo_url: string;
  reminder_days_before: number | string;
  overdue_after_days: number | string;
};

// Fields the API stores as null when empty.
const NULLABLE = ["address", "phone", "email", "logo_url"] as const;

/** Form values for a clinic (inputs hold "" rather than null). */
export function clinicFormValues(clinic: Clinic): ClinicFormValues {
  return {
    name: clinic.name,
    address: clinic.address ?? "",
    phone: clinic.phone ?? "",
    email: clinic.email ?? "",
    timezone: clinic.timezone,
    schedule_code: clinic.schedule_code,
    primary_color: clinic.primary_color,
    logo_url: clinic.logo_url ?? "",
    reminder_days_before: clinic.reminder_days_before,
    overdue_after_days: clinic.overdue_after_days,
  };
}

/** Only the fields that changed, trimmed, empty optional ones as null (omitted ones stay as they are). */
export function clinicChanges(before: ClinicFormValues, after: ClinicFormValues): ClinicUpdate {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof ClinicFormValues)[]) {
    const value = typeof after[key] === "string" ? (after[key] as string).trim() : after[key];
    const old = typeof before[key] === "string" ? (before[key] as string).trim() : before[key];
    if (value === old) continue;
    if ((NULLABLE as readonly string[]).includes(key) && value === "") changes[key] = null;
    else changes[key] = value;
  }
  return changes as ClinicUpdate;
}

/** IANA timezones the browser knows, with the clinic's own first when the list lacks it. */
export function timezoneOptions(current: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const zones = known.includes("UTC") ? known : [...known, "UTC"];
  return zones.includes(current) ? zones : [current, ...zones];
}

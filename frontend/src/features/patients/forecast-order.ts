/** The forecast's vaccine groups in reading order: the API's overdue groups first. */
import type { components } from "@/api/schema";

type Forecast = components["schemas"]["PatientForecast"];
type Group = components["schemas"]["VaccineGroupForecast"];

/** Overdue groups first (as the API lists them in the summary), then the rest in the API's order. */
export function forecastRows(forecast: Forecast): { group: Group; overdue: boolean }[] {
  const overdue = new Set(forecast.summary.overdue_vaccine_groups);
  const rows = forecast.vaccine_groups.map((group) => ({
    group,
    overdue: overdue.has(group.vaccine_group),
  }));
  return [...rows.filter((r) => r.overdue), ...rows.filter((r) => !r.overdue)];
}

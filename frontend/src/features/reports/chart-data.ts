/** Chart rows from the API's report answers (no figure is recomputed here). */
import type { components } from "@/api/schema";

type Coverage = components["schemas"]["Coverage"];

/** One bar per WHO indicator, its coverage as the API gives it. */
export function coverageData(coverage: Coverage) {
  return coverage.indicators.map((i) => ({ indicator: i.indicator, coverage: i.coverage_pct }));
}

/** Cohorts to offer: the API's two age cohorts and the birth years of the last five years. */
export function cohortOptions(asOf: string | undefined) {
  const options = [
    { value: "12-23m", label: "Aged 12–23 months" },
    { value: "24-35m", label: "Aged 24–35 months" },
  ];
  const year = asOf ? Number(asOf.slice(0, 4)) : Number.NaN;
  if (Number.isInteger(year)) {
    for (let y = year - 1; y >= year - 5; y -= 1) {
      options.push({ value: `born:${y}`, label: `Born in ${y}` });
    }
  }
  return options;
}

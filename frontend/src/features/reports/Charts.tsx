/** The reports' charts: loaded with the reports page only (recharts is heavy). */
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import type { components } from "@/api/schema";
import { coverageData } from "./chart-data";

type Coverage = components["schemas"]["Coverage"];
type DoseCount = components["schemas"]["DoseCount"];

export function CoverageChart({ coverage }: { coverage: Coverage }) {
  return (
    <BarChart
      h={300}
      data={coverageData(coverage)}
      dataKey="indicator"
      series={[{ name: "coverage", label: "Coverage (%)", color: "blue.7" }]}
      yAxisProps={{ domain: [0, 100] }}
      unit="%"
      withBarValueLabel
      role="img"
      aria-label={`Coverage by indicator for the ${coverage.cohort} cohort`}
    />
  );
}

export function DosesChart({ rows, label }: { rows: DoseCount[]; label: string }) {
  return (
    <BarChart
      h={280}
      data={rows.map((row) => ({ key: row.key, doses: row.doses }))}
      dataKey="key"
      series={[{ name: "doses", label: "Doses", color: "teal.7" }]}
      role="img"
      aria-label={label}
    />
  );
}

export default CoverageChart;

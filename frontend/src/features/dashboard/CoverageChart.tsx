/** The coverage indicators of the 12–23 month cohort as a bar chart, with the figures as a table. */
import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Paper, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { formatPercent } from "./figures";

type Coverage = components["schemas"]["Coverage"];

const CHART_HEIGHT = 280;

export function CoverageChart() {
  const coverage = useQuery({
    queryKey: ["reports", "coverage", { cohort: "12-23m" }],
    // The endpoint also answers CSV, so the client types the body as unknown: it is JSON here.
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/reports/coverage", { params: { query: { cohort: "12-23m" } } }),
      ) as Coverage,
  });

  let body: ReactNode;
  if (coverage.isPending) {
    body = <LoadingState rows={7} label="Loading coverage" />;
  } else if (coverage.error) {
    body = <ErrorAlert error={coverage.error} onRetry={() => coverage.refetch()} />;
  } else if (coverage.data.indicators.length === 0 || coverage.data.eligible === 0) {
    body = (
      <EmptyState title="No children in this cohort">
        Coverage appears once the clinic follows children aged 12 to 23 months.
      </EmptyState>
    );
  } else {
    const data = coverage.data;
    body = (
      <>
        <Text size="sm" mb="sm">
          {data.eligible} children born {formatDate(data.born_from)} to {formatDate(data.born_to)}
          {data.dropout_dtp1_dtp3_pct !== null &&
            ` · DTP1 to DTP3 dropout ${formatPercent(data.dropout_dtp1_dtp3_pct)}`}
        </Text>
        <BarChart
          h={CHART_HEIGHT}
          data={data.indicators}
          dataKey="indicator"
          series={[{ name: "coverage_pct", label: "Coverage", color: "blue.8" }]}
          yAxisProps={{ domain: [0, 100] }}
          valueFormatter={formatPercent}
        />
        <VisuallyHidden>
          <Table>
            <caption>Coverage by indicator</caption>
            <thead>
              <tr>
                <th scope="col">Indicator</th>
                <th scope="col">Vaccinated</th>
                <th scope="col">Coverage</th>
              </tr>
            </thead>
            <tbody>
              {data.indicators.map((row) => (
                <tr key={row.indicator}>
                  <th scope="row">{row.indicator}</th>
                  <td>
                    {row.vaccinated} of {row.eligible}
                  </td>
                  <td>{formatPercent(row.coverage_pct)}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        </VisuallyHidden>
      </>
    );
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="coverage-heading">
      <Title order={2} size="h3" id="coverage-heading" mb="xs">
        Coverage, children 12–23 months
      </Title>
      <div style={{ minHeight: CHART_HEIGHT + 40 }}>{body}</div>
    </Paper>
  );
}

/** Coverage by birth cohort: the WHO indicators as bars and a table, with the DTP dropout. */
import { Card, Group, Select, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { CsvDownloadButton } from "@/components/CsvDownloadButton";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { cohortOptions } from "./chart-data";

const CoverageChart = lazy(() => import("./Charts").then((m) => ({ default: m.CoverageChart })));

export function CoverageSection() {
  const [cohort, setCohort] = useState("12-23m");
  const coverage = useQuery({
    queryKey: ["reports", "coverage", cohort],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/reports/coverage", { params: { query: { cohort } } }),
      ) as components["schemas"]["Coverage"],
    placeholderData: keepPreviousData,
  });
  const data = coverage.data;

  return (
    <Card withBorder component="section" aria-labelledby="coverage-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h3" id="coverage-title">
          Coverage by birth cohort
        </Title>
        <CsvDownloadButton
          path={`/api/v1/reports/coverage?format=csv&cohort=${encodeURIComponent(cohort)}`}
          filename="coverage.csv"
          aria-label="Download CSV: coverage"
        />
      </Group>
      <Select
        label="Cohort"
        allowDeselect={false}
        maw={280}
        mb="md"
        data={cohortOptions(data?.as_of)}
        value={cohort}
        onChange={(value) => value && setCohort(value)}
      />
      {coverage.isPending ? (
        <LoadingState rows={6} label="Loading coverage" />
      ) : coverage.error ? (
        <ErrorAlert error={coverage.error} onRetry={() => coverage.refetch()} />
      ) : !data || data.indicators.length === 0 ? (
        <EmptyState title="No indicators for this cohort" />
      ) : (
        <>
          <Text size="sm" mb="sm">
            {data.eligible} children born {formatDate(data.born_from)} to {formatDate(data.born_to)}
            , as of {formatDate(data.as_of)}. DTP1–DTP3 dropout:{" "}
            <strong>
              {data.dropout_dtp1_dtp3_pct === null ? "—" : `${data.dropout_dtp1_dtp3_pct}%`}
            </strong>
          </Text>
          <Suspense fallback={<LoadingState rows={6} label="Loading chart" />}>
            <CoverageChart coverage={data} />
          </Suspense>
          <Table.ScrollContainer minWidth={480} mt="md">
            <Table aria-label="Coverage indicators" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Indicator</Table.Th>
                  <Table.Th>Vaccine group</Table.Th>
                  <Table.Th ta="right">Eligible</Table.Th>
                  <Table.Th ta="right">Vaccinated</Table.Th>
                  <Table.Th ta="right">Coverage</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.indicators.map((i) => (
                  <Table.Tr key={i.indicator}>
                    <Table.Td>{i.indicator}</Table.Td>
                    <Table.Td>{i.vaccine_group}</Table.Td>
                    <Table.Td ta="right">{i.eligible}</Table.Td>
                    <Table.Td ta="right">{i.vaccinated}</Table.Td>
                    <Table.Td ta="right">{i.coverage_pct}%</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Card>
  );
}

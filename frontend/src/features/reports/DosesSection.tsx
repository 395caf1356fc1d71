/** Doses administered: by month or by vaccine group, over a date range. */
import { Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from "@mantine/core";
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
import { DateField } from "@/features/patients/DateField";

const DosesChart = lazy(() => import("./Charts").then((m) => ({ default: m.DosesChart })));

type GroupBy = "month" | "vaccine_group";

export function DosesSection() {
  const [groupBy, setGroupBy] = useState<GroupBy>("month");
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const query = {
    group_by: groupBy,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
  const doses = useQuery({
    queryKey: ["reports", "doses", query],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/reports/doses-administered", { params: { query } }),
      ) as components["schemas"]["DosesAdministered"],
    placeholderData: keepPreviousData,
  });
  const csv = new URLSearchParams({ ...query, format: "csv" });
  const label = groupBy === "month" ? "Doses by month" : "Doses by vaccine group";

  return (
    <Card withBorder component="section" aria-labelledby="doses-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h3" id="doses-title">
          Doses administered
        </Title>
        <CsvDownloadButton
          path={`/api/v1/reports/doses-administered?${csv}`}
          filename="doses-administered.csv"
          aria-label="Download CSV: doses administered"
        />
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <DateField label="From" clearable value={from} onChange={setFrom} />
        <DateField label="To" clearable value={to} onChange={setTo} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="doses-group-label">
            Group by
          </Text>
          <SegmentedControl
            aria-labelledby="doses-group-label"
            value={groupBy}
            onChange={(value) => setGroupBy(value as GroupBy)}
            data={[
              { value: "month", label: "Month" },
              { value: "vaccine_group", label: "Vaccine group" },
            ]}
          />
        </Stack>
      </SimpleGrid>
      {doses.isPending ? (
        <LoadingState rows={6} label="Loading doses" />
      ) : doses.error ? (
        <ErrorAlert error={doses.error} onRetry={() => doses.refetch()} />
      ) : doses.data.rows.length === 0 ? (
        <EmptyState title="No doses in this period" />
      ) : (
        <>
          <Text size="sm" mb="sm">
            {doses.data.total} doses from {formatDate(doses.data.date_from)} to{" "}
            {formatDate(doses.data.date_to)}.
          </Text>
          <Suspense fallback={<LoadingState rows={6} label="Loading chart" />}>
            <DosesChart rows={doses.data.rows} label={label} />
          </Suspense>
        </>
      )}
    </Card>
  );
}

/** Defaulters: children past due for a dose, with the guardian to call. */
import { Anchor, Card, Group, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { CsvDownloadButton } from "@/components/CsvDownloadButton";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";

const SIZE = 10;

export function DefaultersSection() {
  const [page, setPage] = useState(1);
  const defaulters = useQuery({
    queryKey: ["reports", "defaulters", page],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/reports/defaulters", { params: { query: { page, size: SIZE } } }),
      ) as components["schemas"]["Page_DueRow_"],
    placeholderData: keepPreviousData,
  });

  return (
    <Card withBorder component="section" aria-labelledby="defaulters-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h3" id="defaulters-title">
          Defaulters
        </Title>
        <CsvDownloadButton
          path="/api/v1/reports/defaulters?format=csv"
          filename="defaulters.csv"
          aria-label="Download CSV: defaulters"
        />
      </Group>
      {defaulters.isPending ? (
        <LoadingState rows={SIZE} label="Loading defaulters" />
      ) : defaulters.error ? (
        <ErrorAlert error={defaulters.error} onRetry={() => defaulters.refetch()} />
      ) : defaulters.data.items.length === 0 ? (
        <EmptyState title="No defaulters" />
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Defaulters" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Child</Table.Th>
                  <Table.Th>Vaccine group</Table.Th>
                  <Table.Th>Past due since</Table.Th>
                  <Table.Th ta="right">Days overdue</Table.Th>
                  <Table.Th>Guardian</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {defaulters.data.items.map((row) => (
                  <Table.Tr key={`${row.child.id}-${row.vaccine_group}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/children/${row.child.id}?tab=forecast`}>
                        {row.child.first_name} {row.child.last_name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      {row.vaccine_group}
                      {row.dose_number ? ` dose ${row.dose_number}` : ""}
                    </Table.Td>
                    <Table.Td>{formatDate(row.past_due_date)}</Table.Td>
                    <Table.Td ta="right">{row.days_overdue}</Table.Td>
                    <Table.Td>
                      {row.primary_guardian.name ?? "—"}
                      {row.primary_guardian.phone && (
                        <Text size="xs">
                          <Anchor href={`tel:${row.primary_guardian.phone}`} size="xs">
                            {row.primary_guardian.phone}
                          </Anchor>
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md">
            <Text size="sm">{defaulters.data.total} rows</Text>
            <ListPagination
              total={defaulters.data.total}
              size={SIZE}
              page={page}
              onChange={setPage}
              mt={0}
              itemLabel="Defaulters page"
            />
          </Group>
        </>
      )}
    </Card>
  );
}

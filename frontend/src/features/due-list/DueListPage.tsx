/** Due list: children due or overdue, filtered by window, status and vaccine group (in the URL). */
import { Anchor, Badge, Group, Select, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { CsvDownloadButton } from "@/components/CsvDownloadButton";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { DateField } from "@/features/patients/DateField";
import { useClinic, useScheduleVaccines } from "@/features/patients/queries";
import { apiQuery, type DueFilters, readFilters, writeFilters } from "./filters";

const SIZE = 25;

// The endpoint also answers CSV, so the client types its body loosely; JSON is asked for here.
type DueRows = components["schemas"]["Page_DueRow_"];

export default function DueListPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const clinic = useClinic();
  const vaccines = useScheduleVaccines(clinic.data?.schedule_code);
  const groups = [...new Set((vaccines.data ?? []).flatMap((v) => v.vaccine_groups))].sort();

  const due = useQuery({
    queryKey: ["due-list", filters],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/immunizations/due-list", {
          params: { query: { ...apiQuery(filters), page: filters.page, size: SIZE } },
        }),
      ) as DueRows,
    placeholderData: keepPreviousData,
  });

  function change(next: Partial<DueFilters>) {
    // A new filter starts at page 1.
    setParams(writeFilters({ ...filters, page: 1, ...next }));
  }

  const csvPath = `/api/v1/immunizations/due-list?${new URLSearchParams(apiQuery(filters, "csv"))}`;

  return (
    <>
      <PageHeader
        title="Due list"
        description="Children due for a vaccine by the end of the window, or overdue today"
        actions={<CsvDownloadButton path={csvPath} filename="due-list.csv" />}
      />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} mb="md">
        <DateField
          label="Due from"
          clearable
          value={filters.from}
          onChange={(value) => change({ from: value })}
        />
        <DateField
          label="Due by"
          description="Default: in 30 days"
          clearable
          value={filters.to}
          onChange={(value) => change({ to: value })}
        />
        <Select
          label="Status"
          clearable
          placeholder="Due and overdue"
          data={[
            { value: "overdue", label: "Overdue" },
            { value: "due", label: "Due" },
          ]}
          value={filters.status}
          onChange={(value) => change({ status: value as DueFilters["status"] })}
        />
        <Select
          label="Vaccine group"
          clearable
          searchable
          placeholder="All groups"
          data={
            filters.vaccine_group && !groups.includes(filters.vaccine_group)
              ? [filters.vaccine_group, ...groups]
              : groups
          }
          value={filters.vaccine_group}
          onChange={(value) => change({ vaccine_group: value })}
        />
      </SimpleGrid>
      {due.isPending ? (
        <LoadingState rows={10} label="Loading the due list" />
      ) : due.error ? (
        <ErrorAlert error={due.error} onRetry={() => due.refetch()} />
      ) : due.data.items.length === 0 ? (
        <EmptyState title="No child is due">Nobody matches these filters.</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Due list" striped highlightOnHover verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Child</Table.Th>
                  <Table.Th>Vaccine group</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Recommended</Table.Th>
                  <Table.Th>Past due</Table.Th>
                  <Table.Th>Guardian</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {due.data.items.map((row) => {
                  const to = `/children/${row.child.id}?tab=forecast`;
                  const guardian = row.primary_guardian;
                  return (
                    <Table.Tr
                      key={`${row.child.id}-${row.vaccine_group}`}
                      style={{ cursor: "pointer" }}
                      onClick={(event) => {
                        // Links inside the row (phone, email) keep their own action.
                        if ((event.target as HTMLElement).closest("a")) return;
                        navigate(to);
                      }}
                    >
                      <Table.Td>
                        <Anchor component={Link} to={to}>
                          {row.child.first_name} {row.child.last_name}
                        </Anchor>
                        <Text size="xs">
                          {row.age_months} months · born {formatDate(row.child.date_of_birth)}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {row.vaccine_group}
                        {row.dose_number ? ` dose ${row.dose_number}` : ""}
                      </Table.Td>
                      <Table.Td>
                        {row.status === "overdue" ? (
                          <Badge color="red.9">Overdue {row.days_overdue} d</Badge>
                        ) : (
                          <Badge color="yellow.4" autoContrast>
                            Due
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDate(row.recommended_date)}</Table.Td>
                      <Table.Td>{formatDate(row.past_due_date)}</Table.Td>
                      <Table.Td>
                        <Stack gap={0}>
                          <Text size="sm">{guardian.name ?? "—"}</Text>
                          {guardian.phone && (
                            <Anchor size="sm" href={`tel:${guardian.phone}`}>
                              {guardian.phone}
                            </Anchor>
                          )}
                          {guardian.email && (
                            <Anchor size="sm" href={`mailto:${guardian.email}`}>
                              {guardian.email}
                            </Anchor>
                          )}
                        </Stack>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md" wrap="wrap">
            <Text size="sm">{due.data.total} rows</Text>
            <ListPagination
              total={due.data.total}
              size={SIZE}
              page={filters.page}
              onChange={(page) => setParams(writeFilters({ ...filters, page }))}
              mt={0}
            />
          </Group>
        </>
      )}
    </>
  );
}

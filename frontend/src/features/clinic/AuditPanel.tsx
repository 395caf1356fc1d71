/** The clinic's audit trail, newest first, filtered by action and by who acted. */
import { Button, Code, Group, Select, Table, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDateTime } from "@/api/dates";
import { unwrap } from "@/api/errors";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { STAFF_KEY } from "./StaffPanel";

const PAGE_SIZE = 25;

type Filters = { action: string; actor_id: string };

export function AuditPanel({ timeZone }: { timeZone: string }) {
  const [filters, setFilters] = useState<Filters>({ action: "", actor_id: "" });
  const [page, setPage] = useState(1);
  const form = useForm({ initialValues: filters });
  // Names for actor ids: the staff list (one page of up to 100 covers a clinic's staff).
  const staff = useQuery({
    queryKey: [...STAFF_KEY, { page: 1, size: 100 }],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/clinic/staff", { params: { query: { page: 1, size: 100 } } })),
  });
  const names = new Map((staff.data?.items ?? []).map((m) => [m.id, m.name]));
  const events = useQuery({
    queryKey: ["clinic", "audit-events", { ...filters, page }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/clinic/audit-events", {
          params: {
            query: {
              page,
              size: PAGE_SIZE,
              ...(filters.action ? { action: filters.action } : {}),
              ...(filters.actor_id ? { actor_id: filters.actor_id } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <form
        onSubmit={form.onSubmit((values) => {
          setFilters({ action: values.action.trim(), actor_id: values.actor_id });
          setPage(1);
        })}
      >
        <Group align="flex-end" mb="md" wrap="wrap">
          <TextInput
            label="Action"
            placeholder="e.g. patient.update"
            description="The exact action name"
            {...form.getInputProps("action")}
          />
          <Select
            label="Who"
            placeholder="Anyone"
            clearable
            data={(staff.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
            {...form.getInputProps("actor_id")}
            value={form.values.actor_id || null}
            onChange={(value) => form.setFieldValue("actor_id", value ?? "")}
          />
          <Button type="submit">Apply filters</Button>
        </Group>
      </form>
      {events.isPending ? (
        <LoadingState rows={8} label="Loading the audit trail" />
      ) : events.error ? (
        <ErrorAlert error={events.error} onRetry={() => events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <EmptyState title="No events">Nothing matches these filters.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">When</Table.Th>
                <Table.Th scope="col">Who</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
                <Table.Th scope="col">Record</Table.Th>
                <Table.Th scope="col">Fields</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.data.items.map((event) => (
                <Table.Tr key={event.id}>
                  <Table.Td>{formatDateTime(event.at, timeZone)}</Table.Td>
                  <Table.Td>
                    {event.actor_id
                      ? (names.get(event.actor_id) ?? `${event.role ?? "user"} ${event.actor_id}`)
                      : "System"}
                  </Table.Td>
                  <Table.Td>
                    <Code>{event.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    {event.target_type ? `${event.target_type} ${event.target_id ?? ""}` : "—"}
                  </Table.Td>
                  <Table.Td>{event.fields.length ? event.fields.join(", ") : "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListPagination
        total={events.data?.total ?? 0}
        size={PAGE_SIZE}
        page={page}
        onChange={setPage}
      />
    </>
  );
}

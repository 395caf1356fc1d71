/** Activity (admins): who read or changed the child's record, newest first. */
import { Group, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDateTime } from "@/api/dates";
import { unwrap } from "@/api/errors";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { humanize } from "./labels";
import { patientKeys, useClinic } from "./queries";

const SIZE = 25;

export default function ActivityTab({ patientId }: { patientId: string }) {
  const [page, setPage] = useState(1);
  const timeZone = useClinic().data?.timezone ?? "UTC";
  const events = useQuery({
    queryKey: patientKeys.audit(patientId, page),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/patients/{patient_id}/audit-events", {
          params: { path: { patient_id: patientId }, query: { page, size: SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  if (events.isPending) return <LoadingState rows={8} label="Loading activity" />;
  if (events.error) return <ErrorAlert error={events.error} onRetry={() => events.refetch()} />;
  if (events.data.items.length === 0) return <EmptyState title="No activity recorded" />;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Activity" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>By (role)</Table.Th>
              <Table.Th>Fields</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data.items.map((event) => (
              <Table.Tr key={event.id}>
                <Table.Td>{formatDateTime(event.at, timeZone)}</Table.Td>
                <Table.Td>{humanize(event.action.replace(/\./g, " "))}</Table.Td>
                <Table.Td>
                  {humanize(event.role, "System")}
                  {event.actor_id && (
                    <Text size="xs" ff="monospace">
                      {event.actor_id}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{event.fields.length ? event.fields.join(", ") : "—"}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Group justify="space-between" mt="md">
        <Text size="sm">{events.data.total} events</Text>
        <ListPagination
          total={events.data.total}
          size={SIZE}
          page={page}
          onChange={setPage}
          mt={0}
        />
      </Group>
    </>
  );
}

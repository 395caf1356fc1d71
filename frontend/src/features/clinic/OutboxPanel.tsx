/** The outbox (emails sent or tried) and "Run reminders now" with what the run did. */
import { Badge, Button, Group, Table, Text } from "@mantine/core";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDateTime } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { NoticeAlert } from "@/features/account/NoticeAlert";
import { NOTIFICATIONS_KEY } from "@/features/notifications/keys";

type RunResult = components["schemas"]["RunResult"];
type Status = components["schemas"]["OutboxRead"]["status"];

const OUTBOX_KEY = ["notifications-outbox"] as const;
const PAGE_SIZE = 20;

// "dot" badges keep the text dark (contrast) and show the status colour in the dot.
const STATUS_COLOR: Record<Status, string> = {
  queued: "yellow",
  sent: "green",
  failed: "red",
  logged: "gray",
};

/** What a reminder run did, in one sentence. */
export function runSummary(result: RunResult): string {
  return `${result.created} reminders created, ${result.sent} sent, ${result.failed} failed, ${result.skipped} skipped.`;
}

export function OutboxPanel({ timeZone }: { timeZone: string }) {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const outbox = useQuery({
    queryKey: [...OUTBOX_KEY, { page }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/notifications/outbox", {
          params: { query: { page, size: PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const run = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/notifications/reminders/run", { body: {} })),
    onSuccess: async () => {
      setPage(1);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: OUTBOX_KEY }),
        queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
      ]);
    },
  });

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Text size="sm">
          Send today's due reminders now, without waiting for the scheduled run.
        </Text>
        <Button onClick={() => run.mutate()} loading={run.isPending}>
          Run reminders now
        </Button>
      </Group>
      <ErrorAlert error={run.error} title="Could not run the reminders" />
      {run.data && (
        <NoticeAlert color="green" title="Reminders run" role="status" mb="md">
          {runSummary(run.data)}
        </NoticeAlert>
      )}
      {outbox.isPending ? (
        <LoadingState rows={8} label="Loading the outbox" />
      ) : outbox.error ? (
        <ErrorAlert error={outbox.error} onRetry={() => outbox.refetch()} />
      ) : outbox.data.items.length === 0 ? (
        <EmptyState title="No emails yet">Emails the clinic sends appear here.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Created</Table.Th>
                <Table.Th scope="col">To</Table.Th>
                <Table.Th scope="col">Subject</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Attempts</Table.Th>
                <Table.Th scope="col">Last error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {outbox.data.items.map((mail) => (
                <Table.Tr key={mail.id}>
                  <Table.Td>{formatDateTime(mail.created_at, timeZone)}</Table.Td>
                  <Table.Td>{mail.to}</Table.Td>
                  <Table.Td>{mail.subject}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOR[mail.status]} variant="dot">
                      {mail.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{mail.attempts}</Table.Td>
                  <Table.Td>{mail.last_error ?? "—"}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListPagination
        total={outbox.data?.total ?? 0}
        size={PAGE_SIZE}
        page={page}
        onChange={setPage}
      />
    </>
  );
}

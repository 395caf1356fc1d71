/** The parent's inbox: reminders from the clinic, newest first, with the unread count. */

import { Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";

const SIZE = 20;

export default function PortalInboxPage() {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const inbox = useQuery({
    queryKey: ["notifications", "inbox", { page }],
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/notifications", { params: { query: { page, size: SIZE } } })),
    placeholderData: keepPreviousData,
  });
  const unread = useQuery({
    queryKey: ["notifications", "unread-count"],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/notifications", { params: { query: { unread: true, size: 1 } } }),
      ).total,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["notifications"] });
  const markRead = useMutation({
    mutationFn: async (id: string) =>
      unwrap(
        await api.POST("/api/v1/notifications/{notification_id}/read", {
          params: { path: { notification_id: id } },
        }),
      ),
    onSuccess: refresh,
  });
  const markAll = useMutation({
    mutationFn: async () => unwrap(await api.POST("/api/v1/notifications/read-all")),
    onSuccess: refresh,
  });
  const count = unread.data ?? 0;
  return (
    <>
      <PageHeader
        title="Inbox"
        description={unread.data === undefined ? " " : `${count} unread`}
        actions={
          <Button
            variant="default"
            onClick={() => markAll.mutate()}
            loading={markAll.isPending}
            disabled={count === 0}
          >
            Mark all read
          </Button>
        }
      />
      <ErrorAlert error={markRead.error ?? markAll.error} />
      {inbox.isPending ? (
        <LoadingState label="Loading your inbox" rows={4} />
      ) : inbox.error ? (
        <ErrorAlert error={inbox.error} onRetry={() => inbox.refetch()} />
      ) : inbox.data.items.length === 0 ? (
        <EmptyState title="No messages yet">Reminders from your clinic appear here.</EmptyState>
      ) : (
        <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
          {inbox.data.items.map((n) => (
            <Card component="li" key={n.id} withBorder padding="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text fw={n.read_at ? 400 : 700}>{n.title}</Text>
                {!n.read_at && <Badge color="blue.9">Unread</Badge>}
              </Group>
              <Text size="sm" style={{ whiteSpace: "pre-line" }}>
                {n.body}
              </Text>
              <Group justify="space-between" mt={4}>
                <Text size="xs">{formatDate(n.created_at)}</Text>
                <Group gap="xs">
                  {n.patient_id && (
                    <Button
                      component={Link}
                      to={`/portal/children/${n.patient_id}`}
                      size="xs"
                      variant="subtle"
                    >
                      Open child
                    </Button>
                  )}
                  {!n.read_at && (
                    <Button size="xs" variant="light" onClick={() => markRead.mutate(n.id)}>
                      Mark read
                    </Button>
                  )}
                </Group>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
      {inbox.data && (
        <ListPagination total={inbox.data.total} size={SIZE} page={page} onChange={setPage} />
      )}
    </>
  );
}

/** Inbox: the signed-in user's notifications; mark one or all read. */
import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "@/api/client";
import { formatDateTime } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { useClinicTimezone } from "@/features/clinic/useClinic";
import { NOTIFICATIONS_KEY } from "./keys";

type Notification = components["schemas"]["NotificationRead"];

const PAGE_SIZE = 20;

function Item({
  item,
  timeZone,
  onMarkRead,
  busy,
}: {
  item: Notification;
  timeZone: string;
  onMarkRead: () => void;
  busy: boolean;
}) {
  const unread = item.read_at === null;
  return (
    <Paper withBorder p="md" component="li" bg={unread ? "blue.0" : undefined}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ flex: 1, minWidth: 220 }}>
          <Group gap="xs">
            <Title order={2} size="h5">
              {item.title}
            </Title>
            {unread && (
              <Badge color="blue" variant="filled" size="sm">
                Unread
              </Badge>
            )}
          </Group>
          <Text size="sm">{item.body}</Text>
          <Text size="xs" c="gray.8">
            {formatDateTime(item.created_at, timeZone)}
          </Text>
          {item.patient_id && (
            <Anchor component={Link} to={`/children/${item.patient_id}`} size="sm">
              Open the child's record
            </Anchor>
          )}
        </Stack>
        {unread && (
          <Button
            size="xs"
            variant="default"
            onClick={onMarkRead}
            loading={busy}
            aria-label={`Mark read: ${item.title}`}
          >
            Mark read
          </Button>
        )}
      </Group>
    </Paper>
  );
}

export default function InboxPage() {
  const queryClient = useQueryClient();
  const timeZone = useClinicTimezone();
  const [filter, setFilter] = useState<"all" | "unread">("all");
  const [page, setPage] = useState(1);
  const inbox = useQuery({
    queryKey: [...NOTIFICATIONS_KEY, { filter, page }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/notifications", {
          params: { query: { unread: filter === "unread", page, size: PAGE_SIZE } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
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

  return (
    <>
      <PageHeader
        title="Inbox"
        actions={
          <>
            <Button component={Link} to="/settings/notifications" variant="default">
              Email preferences
            </Button>
            <Button onClick={() => markAll.mutate()} loading={markAll.isPending}>
              Mark all read
            </Button>
          </>
        }
      />
      <SegmentedControl
        mb="md"
        aria-label="Show"
        value={filter}
        onChange={(value) => {
          setFilter(value as "all" | "unread");
          setPage(1);
        }}
        data={[
          { value: "all", label: "All" },
          { value: "unread", label: "Unread" },
        ]}
      />
      <ErrorAlert error={markRead.error ?? markAll.error} title="Could not mark as read" />
      {inbox.isPending ? (
        <LoadingState rows={6} label="Loading notifications" />
      ) : inbox.error ? (
        <ErrorAlert error={inbox.error} onRetry={() => inbox.refetch()} />
      ) : inbox.data.items.length === 0 ? (
        <EmptyState title={filter === "unread" ? "No unread notifications" : "No notifications"}>
          Reminders and alerts for you appear here.
        </EmptyState>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {inbox.data.items.map((item) => (
            <Item
              key={item.id}
              item={item}
              timeZone={timeZone}
              onMarkRead={() => markRead.mutate(item.id)}
              busy={markRead.isPending && markRead.variables === item.id}
            />
          ))}
        </Stack>
      )}
      <ListPagination
        total={inbox.data?.total ?? 0}
        size={PAGE_SIZE}
        page={page}
        onChange={setPage}
      />
    </>
  );
}

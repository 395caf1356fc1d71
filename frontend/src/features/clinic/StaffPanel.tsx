/** Staff: who works at the clinic; change a role, deactivate or reactivate (the API guards the last admin). */
import { Badge, Button, Group, NativeSelect, Table, Text, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { useUser } from "@/app/session";
import { ConfirmModal } from "@/components/ConfirmModal";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { InviteStaffButton, ROLE_OPTIONS } from "./InviteStaffButton";

type Member = components["schemas"]["UserRead"];
type Change = components["schemas"]["StaffUpdate"];

export const STAFF_KEY = ["clinic", "staff"] as const;
const PAGE_SIZE = 20;

export function StaffPanel({ timeZone }: { timeZone: string }) {
  const me = useUser();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [deactivating, setDeactivating] = useState<Member | null>(null);
  const staff = useQuery({
    queryKey: [...STAFF_KEY, { page }],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/clinic/staff", { params: { query: { page, size: PAGE_SIZE } } }),
      ),
    placeholderData: keepPreviousData,
  });
  const update = useMutation({
    mutationFn: async ({ member, change }: { member: Member; change: Change }) =>
      unwrap(
        await api.PATCH("/api/v1/clinic/staff/{user_id}", {
          params: { path: { user_id: member.id } },
          body: change,
        }),
      ),
    onSuccess: async (saved) => {
      setDeactivating(null);
      notifications.show({ color: "green", message: `${saved.name} is updated.` });
      await queryClient.invalidateQueries({ queryKey: STAFF_KEY });
    },
  });

  return (
    <>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Text size="sm">
          Admins manage the clinic's settings and staff; staff see everything else.
        </Text>
        <InviteStaffButton timeZone={timeZone} />
      </Group>
      {!deactivating && (
        <ErrorAlert error={update.error} title="Could not change the staff member" />
      )}
      {staff.isPending ? (
        <LoadingState rows={5} label="Loading staff" />
      ) : staff.error ? (
        <ErrorAlert error={staff.error} onRetry={() => staff.refetch()} />
      ) : staff.data.items.length === 0 ? (
        <EmptyState title="No staff yet">Invite your colleagues to work in the clinic.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Email</Table.Th>
                <Table.Th scope="col">Role</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {staff.data.items.map((member) => (
                <Table.Tr key={member.id}>
                  <Table.Td>
                    {member.name}
                    {member.id === me.id && " (you)"}
                  </Table.Td>
                  <Table.Td>{member.email}</Table.Td>
                  <Table.Td>
                    <NativeSelect
                      aria-label={`Role of ${member.name}`}
                      data={ROLE_OPTIONS}
                      value={member.role}
                      disabled={update.isPending}
                      onChange={(event) =>
                        update.mutate({
                          member,
                          change: { role: event.currentTarget.value as "admin" | "staff" },
                        })
                      }
                    />
                  </Table.Td>
                  <Table.Td>
                    <Badge color={member.is_active ? "green" : "gray"} variant="dot">
                      {member.is_active ? "Active" : "Deactivated"}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {member.is_active ? (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Deactivate ${member.name}`}
                        onClick={() => {
                          update.reset();
                          setDeactivating(member);
                        }}
                      >
                        Deactivate
                      </Button>
                    ) : (
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Reactivate ${member.name}`}
                        loading={update.isPending && update.variables?.member.id === member.id}
                        onClick={() => update.mutate({ member, change: { is_active: true } })}
                      >
                        Reactivate
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ListPagination
        total={staff.data?.total ?? 0}
        size={PAGE_SIZE}
        page={page}
        onChange={setPage}
      />
      <ConfirmModal
        opened={deactivating !== null}
        title={`Deactivate ${deactivating?.name ?? ""}?`}
        confirmLabel="Deactivate"
        danger
        busy={update.isPending}
        error={update.error}
        onCancel={() => {
          update.reset();
          setDeactivating(null);
        }}
        onConfirm={() => {
          if (deactivating) update.mutate({ member: deactivating, change: { is_active: false } });
        }}
      >
        They can no longer sign in. Their records and history stay; you can reactivate them later.
      </ConfirmModal>
    </>
  );
}

/** Guardians: add, edit, remove, invite to the parent portal. */
import { Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { fieldErrors, unwrap } from "@/api/errors";
import { ConfirmModal } from "@/components/ConfirmModal";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { emptyGuardian, GuardianFields, type GuardianValues, guardianBody } from "./GuardianFields";
import { humanize } from "./labels";
import { type Guardian, type Patient, patientKeys } from "./queries";

type EditorProps = { patientId: string; guardian: Guardian | null; onClose: () => void };

function GuardianEditor({ patientId, guardian, onClose }: EditorProps) {
  const queryClient = useQueryClient();
  const form = useForm<GuardianValues>({
    initialValues: guardian
      ? {
          name: guardian.name,
          relationship: guardian.relationship,
          email: guardian.email ?? "",
          phone: guardian.phone ?? "",
          is_primary: guardian.is_primary,
          invite: false,
        }
      : emptyGuardian(false),
    validate: { name: (v) => (v.trim() ? null : "Enter the guardian's name") },
  });
  const save = useMutation({
    mutationFn: async (values: GuardianValues) => {
      const body = guardianBody(values);
      if (guardian) {
        return unwrap(
          await api.PATCH("/api/v1/patients/{patient_id}/guardians/{guardian_id}", {
            params: { path: { patient_id: patientId, guardian_id: guardian.id } },
            body,
          }),
        );
      }
      return unwrap(
        await api.POST("/api/v1/patients/{patient_id}/guardians", {
          params: { path: { patient_id: patientId } },
          body,
        }),
      );
    },
    onSuccess: async () => {
      onClose();
      await queryClient.invalidateQueries({ queryKey: patientKeys.one(patientId) });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened
      onClose={onClose}
      title={guardian ? "Edit guardian" : "Add guardian"}
      size="lg"
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <GuardianFields form={form} prefix="" withInvite={!guardian?.has_portal_access} />
          <ErrorAlert error={save.error} title="Not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save guardian
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function GuardiansTab({ patient }: { patient: Patient }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Guardian | "new" | null>(null);
  const [removing, setRemoving] = useState<Guardian | null>(null);
  const archived = patient.status === "archived";
  const refresh = () => queryClient.invalidateQueries({ queryKey: patientKeys.one(patient.id) });

  const remove = useMutation({
    mutationFn: async (guardian: Guardian) =>
      unwrap(
        await api.DELETE("/api/v1/patients/{patient_id}/guardians/{guardian_id}", {
          params: { path: { patient_id: patient.id, guardian_id: guardian.id } },
        }),
      ),
    onSuccess: async () => {
      setRemoving(null);
      await refresh();
    },
  });
  const invite = useMutation({
    mutationFn: async (guardian: Guardian) =>
      unwrap(
        await api.PATCH("/api/v1/patients/{patient_id}/guardians/{guardian_id}", {
          params: { path: { patient_id: patient.id, guardian_id: guardian.id } },
          body: { invite: true },
        }),
      ),
    onSuccess: async (guardian) => {
      notifications.show({ color: "green", message: `Invitation sent to ${guardian.email}` });
      await refresh();
    },
  });

  return (
    <>
      <Group mb="md">
        <Button onClick={() => setEditing("new")} disabled={archived}>
          Add guardian
        </Button>
      </Group>
      <ErrorAlert error={invite.error} title="The invitation was not sent" />
      {patient.guardians.length === 0 ? (
        <EmptyState title="No guardians recorded" />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {patient.guardians.map((guardian) => (
            <Card key={guardian.id} withBorder>
              <Group justify="space-between" mb="xs" wrap="wrap">
                <Text fw={600}>{guardian.name}</Text>
                <Group gap={4}>
                  {guardian.is_primary && <Badge variant="light">Primary</Badge>}
                  {guardian.has_portal_access ? (
                    <Badge color="teal.9">Portal access</Badge>
                  ) : guardian.invited_at ? (
                    <Badge variant="default">Invited {formatDate(guardian.invited_at)}</Badge>
                  ) : null}
                </Group>
              </Group>
              <Text size="sm">{humanize(guardian.relationship)}</Text>
              <Text size="sm">Phone: {guardian.phone ?? "—"}</Text>
              <Text size="sm">Email: {guardian.email ?? "—"}</Text>
              {!archived && (
                <Group gap="xs" mt="sm">
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Edit ${guardian.name}`}
                    onClick={() => setEditing(guardian)}
                  >
                    Edit
                  </Button>
                  {guardian.email && !guardian.has_portal_access && (
                    <Button
                      size="xs"
                      variant="default"
                      loading={invite.isPending && invite.variables?.id === guardian.id}
                      aria-label={`Invite ${guardian.name} to the portal`}
                      onClick={() => invite.mutate(guardian)}
                    >
                      {guardian.invited_at ? "Invite again" : "Invite to the portal"}
                    </Button>
                  )}
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${guardian.name}`}
                    onClick={() => setRemoving(guardian)}
                  >
                    Remove
                  </Button>
                </Group>
              )}
            </Card>
          ))}
        </SimpleGrid>
      )}
      {editing && (
        <GuardianEditor
          patientId={patient.id}
          guardian={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmModal
        opened={removing !== null}
        title="Remove guardian"
        confirmLabel="Remove guardian"
        danger
        busy={remove.isPending}
        error={remove.error}
        onCancel={() => {
          setRemoving(null);
          remove.reset();
        }}
        onConfirm={() => removing && remove.mutate(removing)}
      >
        {removing ? `${removing.name} will no longer be listed as this child's guardian.` : ""}
      </ConfirmModal>
    </>
  );
}

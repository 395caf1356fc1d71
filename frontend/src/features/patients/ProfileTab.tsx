/** Profile: edit the child (guarded by the ETag: a 412 offers to reload, keeping what was typed). */
import {
  Button,
  Group,
  List,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { apiErrorCode, fieldErrors, unwrap } from "@/api/errors";
import { ConfirmModal } from "@/components/ConfirmModal";
import { ErrorAlert } from "@/components/ErrorAlert";
import { DateField } from "./DateField";
import { numberOrNull, textOrNull } from "./form-values";
import { options, SEXES } from "./labels";
import { Notice } from "./Notice";
import { type ProfileValues, profileChanges, profileValues } from "./profile-values";
import { type Patient, patientKeys } from "./queries";

type Props = { patient: Patient; etag: string | null; onReload: () => Promise<unknown> };

export default function ProfileTab({ patient, etag, onReload }: Props) {
  const queryClient = useQueryClient();
  const form = useForm<ProfileValues>({ initialValues: profileValues(patient) });
  const [reloaded, setReloaded] = useState(false);
  const [archiving, setArchiving] = useState(false);
  const [reason, setReason] = useState("");
  const archived = patient.status === "archived";
  const refresh = () => queryClient.invalidateQueries({ queryKey: patientKeys.all });

  const save = useMutation({
    mutationFn: async (values: ProfileValues) =>
      unwrap(
        await api.PATCH("/api/v1/patients/{patient_id}", {
          params: { path: { patient_id: patient.id }, header: { "if-match": etag } },
          body: {
            first_name: values.first_name.trim(),
            last_name: values.last_name.trim(),
            date_of_birth: values.date_of_birth ?? "",
            sex: values.sex as (typeof SEXES)[number],
            medical_record_number: textOrNull(values.medical_record_number),
            gestational_age_weeks: numberOrNull(values.gestational_age_weeks),
            address: textOrNull(values.address),
            notes: textOrNull(values.notes),
          },
        }),
      ),
    onSuccess: async (saved) => {
      setReloaded(false);
      form.setInitialValues(profileValues(saved));
      form.resetDirty(profileValues(saved));
      notifications.show({ color: "green", message: "Profile saved" });
      await refresh();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const stale = apiErrorCode(save.error) === "precondition_failed";
  // After a reload: where the saved record now differs from what is typed here.
  const differences = reloaded ? profileChanges(patient, form.values) : [];

  const archive = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/patients/{patient_id}/archive", {
          params: { path: { patient_id: patient.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      setArchiving(false);
      await refresh();
    },
  });
  const restore = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/patients/{patient_id}/restore", {
          params: { path: { patient_id: patient.id } },
        }),
      ),
    onSuccess: refresh,
  });

  return (
    <Stack>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="First name"
              required
              disabled={archived}
              {...form.getInputProps("first_name")}
            />
            <TextInput
              label="Last name"
              required
              disabled={archived}
              {...form.getInputProps("last_name")}
            />
            <DateField
              label="Date of birth"
              required
              disabled={archived}
              {...form.getInputProps("date_of_birth")}
            />
            <Select
              label="Sex"
              allowDeselect={false}
              disabled={archived}
              data={options(SEXES)}
              {...form.getInputProps("sex")}
            />
            <TextInput
              label="Medical record number"
              disabled={archived}
              {...form.getInputProps("medical_record_number")}
            />
            <NumberInput
              label="Gestational age at birth (weeks)"
              min={20}
              max={45}
              disabled={archived}
              {...form.getInputProps("gestational_age_weeks")}
            />
          </SimpleGrid>
          <TextInput label="Address" disabled={archived} {...form.getInputProps("address")} />
          <Textarea
            label="Notes"
            autosize
            minRows={2}
            disabled={archived}
            {...form.getInputProps("notes")}
          />
          {stale ? (
            <Notice color="yellow" title="Someone else changed this record" role="alert">
              <Text size="sm">
                Someone else changed this child's record after you opened it, so your changes were
                not saved. Reload to get their version: what you typed stays in the form, then save
                again.
              </Text>
              <Button
                mt="sm"
                size="xs"
                onClick={async () => {
                  await onReload();
                  setReloaded(true);
                  save.reset();
                }}
              >
                Reload
              </Button>
            </Notice>
          ) : (
            <ErrorAlert error={save.error} title="Not saved" />
          )}
          {differences.length > 0 && (
            <Notice color="blue" title="The saved record now says" role="status">
              <List size="sm">
                {differences.map((d) => (
                  <List.Item key={d.label}>
                    {d.label}: {d.saved || "(blank)"} (yours: {d.typed || "(blank)"})
                  </List.Item>
                ))}
              </List>
            </Notice>
          )}
          {!archived && (
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                Save profile
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      <Stack gap="xs" mt="lg">
        <Title order={2} size="h4">
          {archived ? "Archived record" : "Archive"}
        </Title>
        {archived ? (
          <>
            <Text size="sm">Archived: {patient.archived_reason ?? "no reason given"}.</Text>
            <ErrorAlert error={restore.error} title="Not restored" />
            <Group>
              <Button
                variant="default"
                loading={restore.isPending}
                onClick={() => restore.mutate()}
              >
                Restore record
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">An archived record is kept, read-only, and leaves the lists.</Text>
            <Group>
              <Button variant="default" color="red" onClick={() => setArchiving(true)}>
                Archive record
              </Button>
            </Group>
          </>
        )}
      </Stack>
      <ConfirmModal
        opened={archiving}
        title="Archive record"
        confirmLabel="Archive record"
        danger
        busy={archive.isPending}
        error={archive.error}
        onCancel={() => setArchiving(false)}
        onConfirm={() => archive.mutate()}
      >
        <TextInput
          label="Reason"
          description="For example: moved away, registered twice"
          required
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={fieldErrors(archive.error).reason}
        />
      </ConfirmModal>
    </Stack>
  );
}

/** Record a condition: a searchable pick of the schedule's observations, the day, notes. */
import { Button, Group, Modal, Select, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { apiErrorCode, fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { DateField } from "./DateField";
import { textOrNull } from "./form-values";
import { type Patient, useClinic, useForecast, useScheduleObservations } from "./queries";
import { invalidateAfterCondition } from "./refresh";

type Values = { code: string | null; recorded_on: string | null; notes: string };

type Props = { patient: Patient; onClose: () => void };

/** Mounted while open, so the form starts empty (dated the clinic's today) each time. */
export function AddConditionModal({ patient, onClose }: Props) {
  const queryClient = useQueryClient();
  const clinic = useClinic();
  const observations = useScheduleObservations(clinic.data?.schedule_code);
  // "Today" is the clinic's day as the API sees it (the forecast's assessment date).
  const today = useForecast(patient.id).data?.assessment_date ?? null;
  const form = useForm<Values>({
    initialValues: { code: null, recorded_on: today, notes: "" },
    validate: {
      code: (v) => (v ? null : "Choose the condition"),
      recorded_on: (v) => (v ? null : "Enter the date"),
    },
  });
  const save = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.POST("/api/v1/patients/{patient_id}/conditions", {
          params: { path: { patient_id: patient.id } },
          body: {
            code: values.code ?? "",
            recorded_on: values.recorded_on || null,
            notes: textOrNull(values.notes),
          },
        }),
      ),
    onSuccess: async (saved) => {
      notifications.show({ color: "green", message: `Recorded: ${saved.text}` });
      onClose();
      await invalidateAfterCondition(queryClient, patient.id);
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const duplicate = apiErrorCode(save.error) === "duplicate_condition";
  const choices = (observations.data ?? []).map((o) => ({
    value: o.code,
    label: `${o.text} (code ${o.code})`,
  }));

  return (
    <Modal opened onClose={onClose} title="Record a condition" size="lg">
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Select
            label="Condition"
            required
            searchable
            maxDropdownHeight={280}
            nothingFoundMessage="No condition of the clinic's schedule matches"
            placeholder={
              observations.isPending ? "Loading the schedule's conditions" : "Type to search"
            }
            data={choices}
            {...form.getInputProps("code")}
          />
          <DateField
            label="Recorded on"
            required
            minDate={patient.date_of_birth}
            maxDate={today ?? undefined}
            {...form.getInputProps("recorded_on")}
          />
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps("notes")} />
          <ErrorAlert
            error={save.error}
            title={duplicate ? "Already active on this child's record" : "Not saved"}
          />
          <ErrorAlert
            error={observations.error ?? clinic.error}
            title="The schedule's conditions did not load"
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save condition
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

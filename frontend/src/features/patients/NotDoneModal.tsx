/** Record a dose not given (refusal, contraindication, out of stock...) and why. */
import { Button, Group, Modal, Select, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { DateField } from "./DateField";
import { textOrNull } from "./form-values";
import { NOT_DONE_REASONS, options } from "./labels";
import { useForecast } from "./queries";
import { invalidateAfterDose } from "./refresh";

type Values = { vaccine_group: string | null; date: string | null; reason: string; notes: string };

export function NotDoneModal({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const forecast = useForecast(patientId);
  const form = useForm<Values>({
    initialValues: {
      vaccine_group: null,
      date: forecast.data?.assessment_date ?? null,
      reason: "refusal",
      notes: "",
    },
    validate: {
      vaccine_group: (v) => (v ? null : "Choose the vaccine group"),
      date: (v) => (v ? null : "Enter the date"),
    },
  });
  const save = useMutation({
    mutationFn: async (values: Values) =>
      unwrap(
        await api.POST("/api/v1/patients/{patient_id}/immunizations/not-done", {
          params: { path: { patient_id: patientId } },
          body: {
            vaccine_group: values.vaccine_group ?? "",
            date: values.date ?? "",
            reason: values.reason as (typeof NOT_DONE_REASONS)[number],
            notes: textOrNull(values.notes),
          },
        }),
      ),
    onSuccess: async () => {
      onClose();
      await invalidateAfterDose(queryClient, patientId);
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  // The groups of the child's schedule, as the forecast names them.
  const groups = (forecast.data?.vaccine_groups ?? []).map((g) => g.vaccine_group);

  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened
      onClose={onClose}
      title="Dose not given"
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <Select
            label="Vaccine group"
            required
            searchable
            data={groups}
            {...form.getInputProps("vaccine_group")}
          />
          <DateField
            label="Date"
            required
            maxDate={forecast.data?.assessment_date}
            {...form.getInputProps("date")}
          />
          <Select
            label="Why it was not given"
            required
            allowDeselect={false}
            data={options(NOT_DONE_REASONS)}
            {...form.getInputProps("reason")}
          />
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps("notes")} />
          <ErrorAlert error={save.error} title="Not saved" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Record a dose (searchable vaccine picker from the clinic's schedule) or correct a record. */
import {
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { apiErrorCode, fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { DateField } from "./DateField";
import { numberOrNull, textOrNull } from "./form-values";
import { options, ROUTE_LABELS, ROUTES, SITES, SOURCES } from "./labels";
import { Notice } from "./Notice";
import {
  type ImmunizationRecord,
  patientKeys,
  useClinic,
  useForecast,
  useScheduleVaccines,
} from "./queries";
import { invalidateAfterDose } from "./refresh";

type Values = {
  cvx: string | null;
  date_administered: string | null;
  source: string;
  lot_number: string;
  expiration_date: string | null;
  site: string | null;
  route: string | null;
  dose_volume_ml: string | number;
  performer_name: string;
  notes: string;
};

function initial(record: ImmunizationRecord | null, today: string | null): Values {
  return {
    cvx: record?.cvx ?? null,
    date_administered: record?.date_administered ?? today,
    source: record?.source ?? "administered",
    lot_number: record?.lot_number ?? "",
    expiration_date: record?.expiration_date ?? null,
    site: record?.site ?? null,
    route: record?.route ?? null,
    dose_volume_ml: record?.dose_volume_ml ?? "",
    performer_name: record?.performer_name ?? "",
    notes: record?.notes ?? "",
  };
}

function body(values: Values) {
  return {
    cvx: values.cvx ?? "",
    date_administered: values.date_administered ?? "",
    source: values.source as (typeof SOURCES)[number],
    mvx: null,
    lot_number: textOrNull(values.lot_number),
    expiration_date: values.expiration_date || null,
    site: (values.site || null) as (typeof SITES)[number] | null,
    route: (values.route || null) as (typeof ROUTES)[number] | null,
    dose_volume_ml: numberOrNull(values.dose_volume_ml),
    performer_name: textOrNull(values.performer_name),
    notes: textOrNull(values.notes),
  };
}

type Props = {
  patientId: string;
  /** The record to correct; null records a new dose. */
  record: ImmunizationRecord | null;
  onClose: () => void;
};

/** Mounted while open, so the form starts from the record (or today) each time. */
export function DoseModal({ patientId, record, onClose }: Props) {
  const queryClient = useQueryClient();
  const clinic = useClinic();
  const vaccines = useScheduleVaccines(clinic.data?.schedule_code);
  // "Today" is the clinic's day as the API sees it (the forecast's assessment date).
  const today = useForecast(patientId).data?.assessment_date ?? null;
  const form = useForm<Values>({
    initialValues: initial(record, today),
    validate: {
      cvx: (v) => (v ? null : "Choose the vaccine"),
      date_administered: (v) => (v ? null : "Enter the date given"),
    },
  });
  // A correction is guarded by the record's ETag (read when the dialog opens).
  const current = useQuery({
    queryKey: patientKeys.immunization(patientId, record?.id ?? ""),
    queryFn: async () => {
      const result = await api.GET("/api/v1/patients/{patient_id}/immunizations/{record_id}", {
        params: { path: { patient_id: patientId, record_id: record?.id ?? "" } },
      });
      unwrap(result);
      return { etag: result.response.headers.get("ETag") };
    },
    enabled: record !== null,
    staleTime: 0,
  });

  const save = useMutation({
    mutationFn: async ({ values, allowDuplicate }: { values: Values; allowDuplicate: boolean }) => {
      if (record) {
        return unwrap(
          await api.PATCH("/api/v1/patients/{patient_id}/immunizations/{record_id}", {
            params: {
              path: { patient_id: patientId, record_id: record.id },
              header: { "if-match": current.data?.etag ?? null },
            },
            body: body(values),
          }),
        );
      }
      return unwrap(
        await api.POST("/api/v1/patients/{patient_id}/immunizations", {
          params: { path: { patient_id: patientId }, query: { allow_duplicate: allowDuplicate } },
          body: body(values),
        }),
      );
    },
    onSuccess: async (saved) => {
      notifications.show({
        color: "green",
        message: `${saved.vaccine_name ?? "Dose"} ${record ? "corrected" : "recorded"}`,
      });
      onClose();
      await invalidateAfterDose(queryClient, patientId);
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  const code = apiErrorCode(save.error);
  const vaccineOptions = (vaccines.data ?? []).map((v) => ({
    value: v.cvx,
    label: `${v.name} (CVX ${v.cvx})`,
  }));

  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened
      onClose={onClose}
      title={record ? "Correct the record" : "Record dose"}
      size="lg"
    >
      <form onSubmit={form.onSubmit((values) => save.mutate({ values, allowDuplicate: false }))}>
        <Stack>
          <Select
            label="Vaccine"
            required
            searchable
            nothingFoundMessage="No vaccine of the clinic's schedule matches"
            placeholder={vaccines.isPending ? "Loading the schedule's vaccines" : "Type to search"}
            data={vaccineOptions}
            {...form.getInputProps("cvx")}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <DateField
              label="Date given"
              required
              maxDate={today ?? undefined}
              {...form.getInputProps("date_administered")}
            />
            <Select
              label="Source"
              allowDeselect={false}
              data={options(SOURCES, {
                administered: "Given here",
                historical: "Historical (from a card)",
                reported: "Reported by the family",
              })}
              {...form.getInputProps("source")}
            />
            <TextInput label="Lot number" {...form.getInputProps("lot_number")} />
            <DateField
              label="Lot expiry date"
              clearable
              {...form.getInputProps("expiration_date")}
            />
            <Select label="Site" clearable data={options(SITES)} {...form.getInputProps("site")} />
            <Select
              label="Route"
              clearable
              data={options(ROUTES, ROUTE_LABELS)}
              {...form.getInputProps("route")}
            />
            <NumberInput
              label="Dose volume (ml)"
              min={0}
              step={0.1}
              decimalScale={2}
              {...form.getInputProps("dose_volume_ml")}
            />
            <TextInput label="Given by" {...form.getInputProps("performer_name")} />
          </SimpleGrid>
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps("notes")} />
          {code === "duplicate_dose" ? (
            <Notice color="yellow" title="Already recorded" role="alert">
              This vaccine is already recorded on this date for this child.{" "}
              <Button
                mt="sm"
                size="xs"
                onClick={() => save.mutate({ values: form.getValues(), allowDuplicate: true })}
              >
                Record it again anyway
              </Button>
            </Notice>
          ) : code === "precondition_failed" ? (
            <Notice color="yellow" title="Someone else changed this record" role="alert">
              This record was changed since you opened it. Reload it, check, and save again: what
              you typed stays here.{" "}
              <Button
                mt="sm"
                size="xs"
                onClick={async () => {
                  await current.refetch();
                  await queryClient.invalidateQueries({
                    queryKey: patientKeys.immunizations(patientId),
                  });
                  save.reset();
                }}
              >
                Reload
              </Button>
            </Notice>
          ) : (
            <ErrorAlert error={save.error} title="Not saved" />
          )}
          <ErrorAlert error={vaccines.error ?? clinic.error} title="The vaccines did not load" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {record ? "Save correction" : "Save dose"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

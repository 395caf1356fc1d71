/** The clinic's settings: name, contact, timezone, schedule, reminders, overdue rule, branding. */
import {
  Button,
  ColorInput,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { api } from "@/api/client";
import { fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { type Clinic, clinicChanges, clinicFormValues, timezoneOptions } from "./clinicForm";
import { CLINIC_KEY } from "./useClinic";

export function ClinicDetailsForm({ clinic }: { clinic: Clinic }) {
  const queryClient = useQueryClient();
  const initial = useMemo(() => clinicFormValues(clinic), [clinic]);
  const form = useForm({ initialValues: initial });
  const schedules = useQuery({
    queryKey: ["schedules"],
    queryFn: async () => unwrap(await api.GET("/api/v1/schedules")),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const zones = useMemo(() => timezoneOptions(clinic.timezone), [clinic.timezone]);
  const save = useMutation({
    mutationFn: async (values: typeof form.values) =>
      unwrap(await api.PATCH("/api/v1/clinic", { body: clinicChanges(initial, values) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(CLINIC_KEY, saved);
      form.setInitialValues(clinicFormValues(saved));
      form.resetDirty(clinicFormValues(saved));
      notifications.show({ color: "green", message: "The clinic's settings are saved." });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const scheduleOptions = (schedules.data ?? []).map((s) => ({ value: s.code, label: s.name }));
  if (!scheduleOptions.some((o) => o.value === clinic.schedule_code)) {
    scheduleOptions.unshift({ value: clinic.schedule_code, label: clinic.schedule_code });
  }

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="lg">
        <ErrorAlert error={save.error} title="Could not save the settings" />
        <Paper withBorder p="md" component="section" aria-labelledby="clinic-contact">
          <Title order={2} size="h4" id="clinic-contact" mb="sm">
            Name and contact
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Clinic name" required {...form.getInputProps("name")} />
            <TextInput label="Contact email" type="email" {...form.getInputProps("email")} />
            <TextInput label="Contact phone" type="tel" {...form.getInputProps("phone")} />
            <Textarea label="Address" autosize minRows={2} {...form.getInputProps("address")} />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="clinic-care">
          <Title order={2} size="h4" id="clinic-care" mb="sm">
            Schedule and reminders
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Timezone"
              searchable
              data={zones}
              allowDeselect={false}
              {...form.getInputProps("timezone")}
            />
            <Select
              label="Vaccination schedule"
              data={scheduleOptions}
              allowDeselect={false}
              {...form.getInputProps("schedule_code")}
            />
            <NumberInput
              label="Reminder days before"
              description="How many days before a dose is due reminders are sent"
              min={0}
              max={60}
              allowDecimal={false}
              {...form.getInputProps("reminder_days_before")}
            />
            <NumberInput
              label="Overdue after (days)"
              description="Days after the recommended date a dose counts as overdue"
              min={1}
              max={365}
              allowDecimal={false}
              {...form.getInputProps("overdue_after_days")}
            />
          </SimpleGrid>
        </Paper>
        <Paper withBorder p="md" component="section" aria-labelledby="clinic-branding">
          <Title order={2} size="h4" id="clinic-branding" mb="sm">
            Branding
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <ColorInput
              label="Branding colour"
              format="hex"
              withEyeDropper={false}
              {...form.getInputProps("primary_color")}
            />
            <TextInput label="Logo URL" type="url" {...form.getInputProps("logo_url")} />
          </SimpleGrid>
        </Paper>
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Email preferences: which reminder emails the signed-in user receives. */
import { Button, Checkbox, Group, Paper, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { PREFERENCES_KEY } from "./keys";

type Preferences = components["schemas"]["Preferences"];

/** The form, started from the saved preferences. */
function PreferencesForm({ saved }: { saved: Preferences }) {
  const queryClient = useQueryClient();
  const form = useForm({ initialValues: saved });
  const save = useMutation({
    mutationFn: async (body: Preferences) =>
      unwrap(await api.PUT("/api/v1/notifications/preferences", { body })),
    onSuccess: (answer) => {
      queryClient.setQueryData(PREFERENCES_KEY, answer);
      notifications.show({ color: "green", message: "Your email preferences are saved." });
    },
  });
  return (
    <Paper withBorder p="md" maw={520}>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <ErrorAlert error={save.error} title="Could not save your preferences" />
          <Checkbox
            label="Vaccination reminders by email"
            description="When a dose is due or overdue"
            {...form.getInputProps("email_dose_reminders", { type: "checkbox" })}
          />
          <Checkbox
            label="Milestone reminders by email"
            description="When a developmental milestone check is due"
            {...form.getInputProps("email_milestone_reminders", { type: "checkbox" })}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save preferences
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export default function NotificationPreferencesPage() {
  const preferences = useQuery({
    queryKey: PREFERENCES_KEY,
    queryFn: async () => unwrap(await api.GET("/api/v1/notifications/preferences")),
  });
  return (
    <>
      <PageHeader
        title="Email preferences"
        description="Choose which reminder emails you receive."
      />
      {preferences.isPending ? (
        <LoadingState rows={3} label="Loading your preferences" />
      ) : preferences.error ? (
        <ErrorAlert error={preferences.error} onRetry={() => preferences.refetch()} />
      ) : (
        <PreferencesForm saved={preferences.data} />
      )}
    </>
  );
}

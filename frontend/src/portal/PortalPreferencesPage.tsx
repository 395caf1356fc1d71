/** Which reminder emails the parent receives. */
import { Button, Checkbox, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api } from "@/api/client";
import { fieldErrors, unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";

type Preferences = components["schemas"]["Preferences"];
const KEY = ["notifications", "preferences"];

export default function PortalPreferencesPage() {
  const queryClient = useQueryClient();
  const prefs = useQuery({
    queryKey: KEY,
    queryFn: async () => unwrap(await api.GET("/api/v1/notifications/preferences")),
  });
  const form = useForm<Preferences>({
    initialValues: { email_dose_reminders: true, email_milestone_reminders: true },
  });
  const { setValues, resetDirty } = form;
  useEffect(() => {
    if (prefs.data) {
      setValues(prefs.data);
      resetDirty(prefs.data);
    }
  }, [prefs.data, setValues, resetDirty]);
  const save = useMutation({
    mutationFn: async (body: Preferences) =>
      unwrap(await api.PUT("/api/v1/notifications/preferences", { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(KEY, saved);
      notifications.show({ message: "Email preferences saved", color: "green" });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <>
      <PageHeader title="Email preferences" description="Which reminders we email you." />
      {prefs.isPending ? (
        <LoadingState label="Loading your preferences" rows={2} />
      ) : prefs.error ? (
        <ErrorAlert error={prefs.error} onRetry={() => prefs.refetch()} />
      ) : (
        <form onSubmit={form.onSubmit((values) => save.mutate(values))}>
          <Stack gap="md" maw={480}>
            <Checkbox
              size="md"
              label="Vaccine reminders"
              description="When a vaccine is due soon or overdue"
              {...form.getInputProps("email_dose_reminders", { type: "checkbox" })}
            />
            <Checkbox
              size="md"
              label="Milestone reminders"
              description="When a milestone checklist is ready for your child's age"
              {...form.getInputProps("email_milestone_reminders", { type: "checkbox" })}
            />
            <ErrorAlert error={save.error} />
            <Button type="submit" loading={save.isPending} style={{ alignSelf: "flex-start" }}>
              Save preferences
            </Button>
          </Stack>
        </form>
      )}
    </>
  );
}

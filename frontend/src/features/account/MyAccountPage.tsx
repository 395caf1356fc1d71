/** My account: own name and phone, change password, email preferences (clinic and portal). */
import {
  Anchor,
  Button,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useLocation } from "react-router";
import { api } from "@/api/client";
import { apiErrorCode, apiErrorText, fieldErrors, unwrap } from "@/api/errors";
import { ME_KEY, type User, useUser } from "@/app/session";
import { ErrorAlert } from "@/components/ErrorAlert";
import { PageHeader } from "@/components/PageHeader";
import { NewPasswordFields, repeats } from "./NewPasswordFields";

function DetailsForm({ user }: { user: User }) {
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: user.name, phone: user.phone ?? "" },
    validate: { name: (v) => (v.trim() ? null : "Enter your name") },
  });
  const save = useMutation({
    mutationFn: async (values: typeof form.values) =>
      unwrap(
        await api.PATCH("/api/v1/auth/me", {
          body: { name: values.name.trim(), phone: values.phone.trim() || null },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(ME_KEY, updated);
      form.resetDirty({ name: updated.name, phone: updated.phone ?? "" });
      notifications.show({ color: "green", message: "Your details are saved." });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="details-heading">
      <Title order={2} size="h3" id="details-heading" mb="sm">
        Your details
      </Title>
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="sm" maw={420}>
          <Text size="sm">
            Email: <strong>{user.email}</strong>
            {user.is_verified ? "" : " (not verified yet: follow the link we emailed you)"}
          </Text>
          <ErrorAlert error={save.error} title="Could not save your details" />
          <TextInput label="Name" autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput
            label="Phone"
            type="tel"
            autoComplete="tel"
            description="Optional"
            {...form.getInputProps("phone")}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save details
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function PasswordForm() {
  const form = useForm({
    initialValues: { current_password: "", new_password: "", confirm: "" },
    validate: {
      current_password: (v) => (v ? null : "Enter your current password"),
      new_password: (v) => (v ? null : "Choose a new password"),
      confirm: (v, values) => repeats(values.new_password, v),
    },
  });
  const change = useMutation({
    mutationFn: async (values: typeof form.values) =>
      unwrap(
        await api.POST("/api/v1/auth/change-password", {
          body: { current_password: values.current_password, new_password: values.new_password },
        }),
      ),
    onSuccess: (answer) => {
      form.reset();
      notifications.show({
        color: "green",
        title: answer.message,
        message: "Your other sessions are signed out.",
      });
    },
    onError: (error) => {
      // The API's wrong_password answer names no field: its words go next to that field.
      const wrong = apiErrorCode(error) === "wrong_password";
      form.setErrors(wrong ? { current_password: apiErrorText(error) } : fieldErrors(error));
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-heading">
      <Title order={2} size="h3" id="password-heading" mb="sm">
        Change password
      </Title>
      <form onSubmit={form.onSubmit((values) => change.mutate(values))} noValidate>
        <Stack gap="sm" maw={420}>
          <ErrorAlert error={change.error} title="Could not change the password" />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps("current_password")}
          />
          <NewPasswordFields
            password={form.getInputProps("new_password")}
            confirm={form.getInputProps("confirm")}
            replacing
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

export default function MyAccountPage() {
  const user = useUser();
  const { pathname } = useLocation();
  const preferences = pathname.startsWith("/portal")
    ? "/portal/preferences"
    : "/settings/notifications";
  return (
    <>
      <PageHeader title="My account" description={user.email} />
      <Stack gap="lg">
        <DetailsForm user={user} />
        <PasswordForm />
        <Anchor component={Link} to={preferences}>
          Email preferences
        </Anchor>
      </Stack>
    </>
  );
}

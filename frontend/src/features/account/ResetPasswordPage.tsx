/** Choose a new password from an emailed link (`/reset-password?token=`). */
import { Alert, Anchor, Button, PasswordInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "@/api/client";
import { fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { AuthCard } from "./AuthCard";
import { useLinkToken } from "./linkToken";
import { NoticeAlert } from "./NoticeAlert";

export default function ResetPasswordPage() {
  const token = useLinkToken();
  const form = useForm({
    initialValues: { new_password: "", confirm: "" },
    validate: {
      new_password: (v) => (v ? null : "Choose a new password"),
      confirm: (v, values) => (v === values.new_password ? null : "The passwords do not match"),
    },
  });
  const reset = useMutation({
    mutationFn: async (new_password: string) =>
      unwrap(
        await api.POST("/api/v1/auth/reset-password", {
          body: { token: token ?? "", new_password },
        }),
      ),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  if (!token) {
    return (
      <AuthCard title="Choose a new password">
        <Alert color="red" title="This link is incomplete" role="alert">
          Open the link from your email again, or ask for a new one.
        </Alert>
        <Anchor component={Link} to="/forgot-password">
          Ask for a new link
        </Anchor>
      </AuthCard>
    );
  }

  if (reset.data) {
    return (
      <AuthCard title="Choose a new password">
        <NoticeAlert color="green" title="Password changed" role="status">
          {reset.data.message}
        </NoticeAlert>
        <Button component={Link} to="/sign-in">
          Sign in
        </Button>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={form.onSubmit((v) => reset.mutate(v.new_password))} noValidate>
        <ErrorAlert error={reset.error} title="Could not change the password" />
        <PasswordInput
          label="New password"
          description="At least 10 characters"
          autoComplete="new-password"
          required
          mb="sm"
          {...form.getInputProps("new_password")}
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          required
          mb="md"
          {...form.getInputProps("confirm")}
        />
        <Button type="submit" loading={reset.isPending} fullWidth>
          Set new password
        </Button>
      </form>
      {reset.isError && (
        <Anchor component={Link} to="/forgot-password" size="sm">
          Ask for a new link
        </Anchor>
      )}
    </AuthCard>
  );
}

/** Choose a new password from an emailed link (`/reset-password?token=`). */
import { Alert, Anchor, Button } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "@/api/client";
import { fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { AuthCard } from "./AuthCard";
import { useLinkToken } from "./linkToken";
import { NewPasswordFields, repeats } from "./NewPasswordFields";
import { NoticeAlert } from "./NoticeAlert";

export default function ResetPasswordPage() {
  const token = useLinkToken();
  const form = useForm({
    initialValues: { new_password: "", confirm: "" },
    validate: {
      new_password: (v) => (v ? null : "Choose a new password"),
      confirm: (v, values) => repeats(values.new_password, v),
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
        <NewPasswordFields
          password={form.getInputProps("new_password")}
          confirm={form.getInputProps("confirm")}
          replacing
          spaced
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

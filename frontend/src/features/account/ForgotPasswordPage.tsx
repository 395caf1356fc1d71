/** Forgot password: ask for a reset link by email (the answer is the same for any address). */
import { Anchor, Button, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "@/api/client";
import { fieldErrors, unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { AuthCard } from "./AuthCard";
import { NoticeAlert } from "./NoticeAlert";

export default function ForgotPasswordPage() {
  const form = useForm({
    initialValues: { email: "" },
    validate: { email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : "Enter your email address") },
  });
  const request = useMutation({
    mutationFn: async (email: string) =>
      unwrap(await api.POST("/api/v1/auth/forgot-password", { body: { email } })),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  return (
    <AuthCard title="Forgot password">
      {request.data ? (
        <NoticeAlert color="green" title="Check your email" role="status">
          {request.data.message}
        </NoticeAlert>
      ) : (
        <form onSubmit={form.onSubmit((v) => request.mutate(v.email.trim()))} noValidate>
          <Text size="sm" mb="md">
            Enter the email address of your account and we will send you a link to choose a new
            password.
          </Text>
          <ErrorAlert error={request.error} title="Could not send the link" />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            mb="md"
            {...form.getInputProps("email")}
          />
          <Button type="submit" loading={request.isPending} fullWidth>
            Send reset link
          </Button>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        Back to sign in
      </Anchor>
    </AuthCard>
  );
}

/** Create your clinic: a new clinic and its first admin, signed in at once. */
import { Anchor, Button, PasswordInput, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { Link, Navigate, useNavigate } from "react-router";
import { api } from "@/api/client";
import { fieldErrors, unwrap } from "@/api/errors";
import { homeFor, useSession } from "@/app/session";
import { ErrorAlert } from "@/components/ErrorAlert";
import { AuthCard } from "./AuthCard";

export default function SignUpPage() {
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { clinic_name: "", name: "", email: "", password: "" },
    validate: {
      clinic_name: (v) => (v.trim() ? null : "Enter the clinic's name"),
      name: (v) => (v.trim() ? null : "Enter your name"),
      email: (v) => (/^\S+@\S+$/.test(v.trim()) ? null : "Enter your email address"),
      password: (v) => (v ? null : "Choose a password"),
    },
  });
  const signUp = useMutation({
    mutationFn: async (values: typeof form.values) =>
      unwrap(
        await api.POST("/api/v1/auth/signup", {
          body: {
            clinic_name: values.clinic_name.trim(),
            name: values.name.trim(),
            email: values.email.trim(),
            password: values.password,
          },
        }),
      ),
    onSuccess: (pair) => {
      signIn(pair);
      navigate("/dashboard", { replace: true });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  if (user && !signUp.isSuccess) return <Navigate to={homeFor(user)} replace />;

  return (
    <AuthCard title="Create your clinic">
      <Text size="sm">
        Set up a new clinic on Health Passport. You become its administrator and can invite your
        staff afterwards.
      </Text>
      <form onSubmit={form.onSubmit((values) => signUp.mutate(values))} noValidate>
        <ErrorAlert error={signUp.error} title="Could not create the clinic" />
        <TextInput label="Clinic name" required mb="sm" {...form.getInputProps("clinic_name")} />
        <TextInput
          label="Your name"
          autoComplete="name"
          required
          mb="sm"
          {...form.getInputProps("name")}
        />
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          mb="sm"
          {...form.getInputProps("email")}
        />
        <PasswordInput
          label="Password"
          description="At least 10 characters"
          autoComplete="new-password"
          required
          mb="md"
          {...form.getInputProps("password")}
        />
        <Button type="submit" loading={signUp.isPending} fullWidth>
          Create clinic
        </Button>
      </form>
      <Anchor component={Link} to="/sign-in" size="sm">
        Already have an account? Sign in
      </Anchor>
    </AuthCard>
  );
}

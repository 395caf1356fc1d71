/** Sign in: email and password; clinic users go to the page wanted or the dashboard, parents to /portal. */
import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { api } from "@/api/client";
import { apiErrorText, fieldErrors } from "@/api/errors";
import { safeNext } from "@/api/navigation";
import { homeFor, isClinicRole, type User, useSession } from "./session";

/** The remembered page if it belongs to the user's area, else the user's home. */
function landing(user: User, next: string | null): string {
  const wanted = safeNext(next, homeFor(user));
  const portalPath = wanted === "/portal" || wanted.startsWith("/portal/");
  return isClinicRole(user.role) !== portalPath ? wanted : homeFor(user);
}

export function SignInPage() {
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get("next");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : "Enter your email address"),
      password: (value) => (value ? null : "Enter your password"),
    },
  });

  if (user) return <Navigate to={landing(user, next)} replace />;

  async function submit(values: typeof form.values) {
    setBusy(true);
    setError(null);
    const { data, error: failure } = await api
      .POST("/api/v1/auth/login", {
        body: { email: values.email.trim(), password: values.password },
      })
      .catch((thrown: unknown) => ({ data: undefined, error: thrown }));
    setBusy(false);
    if (!data) {
      setError(failure);
      form.setErrors(fieldErrors(failure));
      return;
    }
    signIn(data);
    navigate(landing(data.user, next), { replace: true });
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420}>
        <main>
          <form onSubmit={form.onSubmit(submit)} noValidate>
            <Stack>
              <Title order={1} size="h2">
                Sign in to Health Passport
              </Title>
              {error !== null && (
                <Alert color="red" role="alert" title="Could not sign in">
                  {apiErrorText(error)}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                withAsterisk={false}
                {...form.getInputProps("email")}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                withAsterisk={false}
                {...form.getInputProps("password")}
              />
              <Button type="submit" loading={busy} fullWidth>
                Sign in
              </Button>
              <Anchor component={Link} to="/forgot-password" size="sm">
                Forgot password?
              </Anchor>
              <Anchor component={Link} to="/sign-up" size="sm">
                New clinic? Create an account
              </Anchor>
            </Stack>
          </form>
        </main>
      </Paper>
    </Center>
  );
}

/**
 * Accept your invitation (`/accept-invite?token=`): staff and parents set a name and password;
 * a parent already signed in accepts with one click and lands on the child in the portal.
 */
import { Alert, Anchor, Button, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api } from "@/api/client";
import { apiErrorCode, fieldErrors, unwrap } from "@/api/errors";
import { homeFor, useSession } from "@/app/session";
import { ErrorAlert } from "@/components/ErrorAlert";
import { AuthCard } from "./AuthCard";
import { useLinkToken } from "./linkToken";
import { NewPasswordFields, repeats } from "./NewPasswordFields";
import { NoticeAlert } from "./NoticeAlert";

const TITLE = "Accept your invitation";

/** A signed-in parent: the invitation joins their portal. */
function AcceptAsParent({ token }: { token: string }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST("/api/v1/portal/invitations/accept", { body: { token } })),
    onSuccess: async (child) => {
      // The portal's lists now include the child.
      await queryClient.invalidateQueries();
      navigate(`/portal/children/${child.id}`, { replace: true });
    },
  });
  return (
    <>
      <Text>Accept this invitation to follow the child in your portal.</Text>
      <ErrorAlert error={accept.error} title="Could not accept the invitation" />
      <Button onClick={() => accept.mutate()} loading={accept.isPending}>
        Accept invitation
      </Button>
    </>
  );
}

/** A new account: name and password, then signed in to the clinic or the portal. */
function AcceptWithNewAccount({ token }: { token: string }) {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { name: "", password: "", confirm: "" },
    validate: {
      name: (v) => (v.trim() ? null : "Enter your name"),
      password: (v) => (v ? null : "Choose a password"),
      confirm: (v, values) => repeats(values.password, v),
    },
  });
  const accept = useMutation({
    mutationFn: async (values: typeof form.values) =>
      unwrap(
        await api.POST("/api/v1/auth/accept-invite", {
          body: { token, name: values.name.trim(), password: values.password },
        }),
      ),
    onSuccess: (pair) => {
      signIn(pair);
      navigate(homeFor(pair.user), { replace: true });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  const emailInUse = apiErrorCode(accept.error) === "email_in_use";

  return (
    <form onSubmit={form.onSubmit((values) => accept.mutate(values))} noValidate>
      <Text size="sm" mb="md">
        Choose your name as others will see it and a password for your new account.
      </Text>
      {emailInUse ? (
        <NoticeAlert color="yellow" title="You already have an account" role="alert" mb="md">
          An account with this email already exists. Sign in: the invitation is waiting for you
          there.{" "}
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>
        </NoticeAlert>
      ) : (
        <ErrorAlert error={accept.error} title="Could not accept the invitation" />
      )}
      <TextInput
        label="Your name"
        autoComplete="name"
        required
        mb="sm"
        {...form.getInputProps("name")}
      />
      <NewPasswordFields
        password={form.getInputProps("password")}
        confirm={form.getInputProps("confirm")}
        spaced
      />
      <Button type="submit" loading={accept.isPending} fullWidth>
        Accept invitation
      </Button>
    </form>
  );
}

export default function AcceptInvitePage() {
  const token = useLinkToken();
  const { user } = useSession();
  if (!token) {
    return (
      <AuthCard title={TITLE}>
        <Alert color="red" title="This link is incomplete" role="alert">
          Open the link from your invitation email again.
        </Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={TITLE}>
      {user?.role === "parent" ? (
        <AcceptAsParent token={token} />
      ) : (
        <AcceptWithNewAccount token={token} />
      )}
    </AuthCard>
  );
}

/** Verify your email from the emailed link (`/verify-email?token=`): confirmed on opening. */
import { Alert, Button, Loader, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { homeFor, ME_KEY, useSession } from "@/app/session";
import { ErrorAlert } from "@/components/ErrorAlert";
import { AuthCard } from "./AuthCard";
import { useLinkToken } from "./linkToken";
import { NoticeAlert } from "./NoticeAlert";

export default function VerifyEmailPage() {
  const token = useLinkToken();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const verify = useMutation({
    mutationFn: async (value: string) =>
      unwrap(await api.POST("/api/v1/auth/verify-email", { body: { token: value } })),
    onSuccess: (verified) => {
      // The signed-in user's own account now reads as verified.
      if (user && user.id === verified.id) queryClient.setQueryData(ME_KEY, verified);
    },
  });
  // A token works once: the ref keeps React's development double effects from sending it twice.
  const sent = useRef(false);
  const { mutate } = verify;
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      mutate(token);
    }
  }, [token, mutate]);

  const next = user ? (
    <Button component={Link} to={homeFor(user)}>
      Continue
    </Button>
  ) : (
    <Button component={Link} to="/sign-in">
      Sign in
    </Button>
  );

  return (
    <AuthCard title="Verify your email">
      {!token && (
        <Alert color="red" title="This link is incomplete" role="alert">
          Open the link from your email again.
        </Alert>
      )}
      {verify.isPending && (
        <Text role="status">
          <Loader size="xs" mr="xs" aria-hidden="true" />
          Confirming your email address…
        </Text>
      )}
      {verify.isSuccess && (
        <NoticeAlert color="green" title="Email address confirmed" role="status">
          {verify.data.email} is verified. Thank you.
        </NoticeAlert>
      )}
      <ErrorAlert error={verify.error} title="Could not verify the email address" />
      {(verify.isSuccess || verify.isError || !token) && next}
    </AuthCard>
  );
}

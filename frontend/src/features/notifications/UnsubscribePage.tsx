/** The emailed one-click opt-out (`/unsubscribe?token=`): asks to confirm, then stops reminders. */
import { Alert, Button, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { AuthCard } from "@/features/account/AuthCard";
import { useLinkToken } from "@/features/account/linkToken";
import { NoticeAlert } from "@/features/account/NoticeAlert";

export default function UnsubscribePage() {
  const token = useLinkToken();
  const unsubscribe = useMutation({
    mutationFn: async (value: string) =>
      unwrap(await api.POST("/api/v1/notifications/unsubscribe", { body: { token: value } })),
  });

  return (
    <AuthCard title="Unsubscribe">
      {!token ? (
        <Alert color="red" title="This link is incomplete" role="alert">
          Open the link from the email again.
        </Alert>
      ) : unsubscribe.data ? (
        <NoticeAlert color="green" title="Unsubscribed" role="status">
          {unsubscribe.data.message}
        </NoticeAlert>
      ) : (
        <>
          <Text>Stop receiving vaccination and milestone reminder emails at this address?</Text>
          <ErrorAlert error={unsubscribe.error} title="Could not unsubscribe" />
          <Button onClick={() => unsubscribe.mutate(token)} loading={unsubscribe.isPending}>
            Unsubscribe
          </Button>
        </>
      )}
    </AuthCard>
  );
}

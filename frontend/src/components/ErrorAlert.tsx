/** An API error in words (from the one error shape), with an optional retry. */
import { Alert, Button, Group, Text } from "@mantine/core";
import { apiErrorText } from "@/api/errors";

type Props = { error: unknown; title?: string; onRetry?: () => void };

export function ErrorAlert({ error, title = "Something went wrong", onRetry }: Props) {
  if (error === null || error === undefined) return null;
  return (
    <Alert color="red" title={title} role="alert" mb="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text size="sm">{apiErrorText(error)}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Group>
    </Alert>
  );
}

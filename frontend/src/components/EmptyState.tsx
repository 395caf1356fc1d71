/** What a list says when it has nothing to show. */
import { Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

type Props = { title: string; children?: ReactNode; action?: ReactNode };

export function EmptyState({ title, children, action }: Props) {
  return (
    <Stack align="center" gap="xs" py="xl">
      <Text fw={600}>{title}</Text>
      {children && (
        <Text c="dimmed" ta="center">
          {children}
        </Text>
      )}
      {action}
    </Stack>
  );
}

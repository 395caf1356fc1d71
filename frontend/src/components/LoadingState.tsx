/** A loading placeholder that holds the space the content will take, so nothing jumps. */
import { Center, Loader, Skeleton, Stack } from "@mantine/core";

type Props = {
  /** Read by screen readers. */
  label?: string;
  /** Skeleton rows to reserve (lists: the page size you expect, up to a screenful). */
  rows?: number;
  /** Centred spinner over the viewport (session checks, lazy pages). */
  fullPage?: boolean;
};

export function LoadingState({ label = "Loading", rows = 5, fullPage = false }: Props) {
  if (fullPage) {
    return (
      <Center mih="60vh" role="status" aria-live="polite">
        <Loader aria-label={label} />
      </Center>
    );
  }
  return (
    <Stack gap="xs" role="status" aria-live="polite" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
        <Skeleton key={index} height={36} radius="sm" />
      ))}
    </Stack>
  );
}

/** A page not built yet: its heading and "coming soon". */
import { Text } from "@mantine/core";
import { PageHeader } from "./PageHeader";

export function PlaceholderPage({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Text c="dimmed">This page is coming soon.</Text>
    </>
  );
}

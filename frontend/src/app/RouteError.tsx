/** Shown when a page fails to load or render (e.g. a chunk missing after a new deploy). */
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useRouteError } from "react-router";
import { apiErrorText } from "@/api/errors";

export function RouteError() {
  const error = useRouteError();
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="sm" maw={520}>
        <Title order={1}>This page could not be shown</Title>
        <Text ta="center">{apiErrorText(error)}</Text>
        <Button onClick={() => window.location.reload()}>Reload the page</Button>
      </Stack>
    </Center>
  );
}

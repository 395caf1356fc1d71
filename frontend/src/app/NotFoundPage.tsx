/** An address that is no page of the app. */
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="sm">
        <Title order={1}>Page not found</Title>
        <Text>There is no page at this address.</Text>
        <Button component={Link} to="/">
          Go to your home page
        </Button>
      </Stack>
    </Center>
  );
}

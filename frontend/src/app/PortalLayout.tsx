/** The parents' portal: mobile first, a compact header with "Sign out" always visible. */
import { AppShell, Container, Group, Text } from "@mantine/core";
import { Suspense } from "react";
import { Link, Outlet } from "react-router";
import { LoadingState } from "@/components/LoadingState";
import { NotificationsBell } from "@/features/notifications/Bell";
import { SignOutButton } from "./SignOutButton";

export function PortalLayout() {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Text component={Link} to="/portal" fw={700} c="inherit" td="none">
            Health Passport
          </Text>
          <Group gap={4} wrap="nowrap">
            <NotificationsBell area="portal" />
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Container size="sm" px={0}>
          <Suspense fallback={<LoadingState label="Loading page" fullPage />}>
            <Outlet />
          </Suspense>
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

export default PortalLayout;

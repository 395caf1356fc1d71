/** The clinic workspace: header (name, bell, Sign out), main navigation, the page. */
import { AppShell, Burger, Group, NavLink, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { Suspense } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { LoadingState } from "@/components/LoadingState";
import { NotificationsBell } from "@/features/notifications/Bell";
import { SignOutButton } from "./SignOutButton";
import { useUser } from "./session";

const LINKS = [
  { to: "/dashboard", label: "Dashboard" },
  { to: "/children", label: "Children" },
  { to: "/due-list", label: "Due list" },
  { to: "/reports", label: "Reports" },
];

export function ClinicLayout() {
  const user = useUser();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // What a role may not use is not offered: the API decides, the menu follows the role.
  const links =
    user.role === "admin" ? [...LINKS, { to: "/settings", label: "Clinic settings" }] : LINKS;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? "Close menu" : "Open menu"}
            />
            <Text component={Link} to="/dashboard" fw={700} c="inherit" td="none">
              Health Passport
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" component={Link} to="/account" c="inherit">
              {user.name}
            </Text>
            <NotificationsBell area="clinic" />
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        {links.map((link) => (
          <NavLink
            key={link.to}
            component={Link}
            to={link.to}
            label={link.label}
            active={pathname === link.to || pathname.startsWith(`${link.to}/`)}
            onClick={close}
          />
        ))}
        <NavLink
          component={Link}
          to="/account"
          label="My account"
          hiddenFrom="sm"
          active={pathname === "/account"}
          onClick={close}
        />
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<LoadingState label="Loading page" fullPage />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

export default ClinicLayout;

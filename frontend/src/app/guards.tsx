/** Route guards: signed in, the clinic area for admin/staff, the portal for parents. */
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, Navigate, Outlet, useLocation } from "react-router";
import { signInPath } from "@/api/navigation";
import { LoadingState } from "@/components/LoadingState";
import { homeFor, isClinicRole, type Role, useSession } from "./session";

/** Children (or the nested routes) only for a signed-in user; others go to sign in and come back. */
export function RequireSignedIn({ children }: { children?: ReactNode }) {
  const { status } = useSession();
  const location = useLocation();
  if (status === "loading") return <LoadingState label="Checking your session" fullPage />;
  if (status === "signed-out") {
    return <Navigate to={signInPath(location.pathname + location.search)} replace />;
  }
  return children ?? <Outlet />;
}

/** What a user sees at a URL their account may not open. */
export function NotAvailablePage() {
  const { user } = useSession();
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="sm" maw={480}>
        <Title order={1}>Not available to your account</Title>
        <Text ta="center">This page is not part of what your account can use.</Text>
        {user && (
          <Button component={Link} to={homeFor(user)}>
            Go to your home page
          </Button>
        )}
      </Stack>
    </Center>
  );
}

/** Only the given roles; others see "Not available to your account". */
export function RequireRole({ roles, children }: { roles: Role[]; children?: ReactNode }) {
  const { user } = useSession();
  if (!user || !roles.includes(user.role)) return <NotAvailablePage />;
  return children ?? <Outlet />;
}

/** The clinic workspace: admins and staff. */
export function RequireClinic({ children }: { children?: ReactNode }) {
  const { user } = useSession();
  if (!user || !isClinicRole(user.role)) return <NotAvailablePage />;
  return children ?? <Outlet />;
}

/** The parents' portal. */
export function RequireParent({ children }: { children?: ReactNode }) {
  return <RequireRole roles={["parent"]}>{children}</RequireRole>;
}

/** "/": each user's home, or sign in. */
export function HomeRedirect() {
  const { status, user } = useSession();
  if (status === "loading") return <LoadingState label="Checking your session" fullPage />;
  return <Navigate to={user ? homeFor(user) : "/sign-in"} replace />;
}

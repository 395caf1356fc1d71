/** Render the real route table at a URL, signed in as a given user, for component tests. */
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { AppProviders, createQueryClient } from "@/app/providers";
import { routes } from "@/app/router";
import { ME_KEY, type User } from "@/app/session";

/** A user as GET /api/v1/auth/me answers (override what the test cares about). */
export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: "u1",
    email: "someone@clinic.example",
    name: "Sam Someone",
    phone: null,
    role: "admin",
    clinic_id: "c1",
    is_active: true,
    is_verified: true,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

/** The app at `url`; `user: null` is signed out. Returns the router to inspect its location. */
export function renderApp(url: string, { user = makeUser() }: { user?: User | null } = {}) {
  const client = createQueryClient();
  client.setQueryData(ME_KEY, user);
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  const view = render(
    <AppProviders client={client}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, router, client };
}

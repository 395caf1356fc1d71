/** Clinic routes: settings for admins only (staff see "Not available to your account"); card checks for all. */
import type { RouteObject } from "react-router";
import { RequireRole } from "@/app/guards";
import { lazyPage } from "@/app/lazy";

export const clinicRoutes: RouteObject[] = [
  {
    element: <RequireRole roles={["admin"]} />,
    children: [lazyPage("/settings", () => import("./ClinicSettingsPage"))],
  },
  lazyPage("/verify-card", () => import("./VerifyCardPage")),
];

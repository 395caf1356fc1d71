/** Account routes: public pages from emailed links, and "My account" in each area. */
import type { RouteObject } from "react-router";
import { lazyPage } from "@/app/lazy";

/** No session needed (sign-in itself lives in src/app). */
export const publicRoutes: RouteObject[] = [
  lazyPage("/sign-up", () => import("./SignUpPage")),
  lazyPage("/forgot-password", () => import("./ForgotPasswordPage")),
  lazyPage("/reset-password", () => import("./ResetPasswordPage")),
  lazyPage("/verify-email", () => import("./VerifyEmailPage")),
  lazyPage("/accept-invite", () => import("./AcceptInvitePage")),
];

/** Inside the clinic workspace. */
export const clinicRoutes: RouteObject[] = [lazyPage("/account", () => import("./MyAccountPage"))];

/** Inside the parents' portal. */
export const portalRoutes: RouteObject[] = [
  lazyPage("/portal/account", () => import("./MyAccountPage")),
];

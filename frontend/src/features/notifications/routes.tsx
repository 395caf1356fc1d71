/** Notification routes: the inbox and email preferences, and the emailed unsubscribe link. */
import type { RouteObject } from "react-router";
import { lazyPage } from "@/app/lazy";

export const publicRoutes: RouteObject[] = [
  lazyPage("/unsubscribe", () => import("./UnsubscribePage")),
];

export const clinicRoutes: RouteObject[] = [
  lazyPage("/inbox", () => import("./InboxPage")),
  lazyPage("/settings/notifications", () => import("./NotificationPreferencesPage")),
];

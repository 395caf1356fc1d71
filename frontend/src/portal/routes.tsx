/** The parents' portal routes. */
import type { RouteObject } from "react-router";
import { lazyPage } from "@/app/lazy";

export const portalRoutes: RouteObject[] = [
  lazyPage("/portal", () => import("./MyChildrenPage")),
  lazyPage("/portal/children/:id", () => import("./PortalChildPage")),
  lazyPage("/portal/inbox", () => import("./PortalInboxPage")),
  lazyPage("/portal/preferences", () => import("./PortalPreferencesPage")),
];

/** Printable pages: signed in as a parent, rendered without the layout. */
export const printRoutes: RouteObject[] = [
  lazyPage("/portal/children/:id/print", () => import("./PortalPrintPage")),
];

/** Children routes: the list, a child's page, and its print view (no workspace chrome). */
import type { RouteObject } from "react-router";
import { lazyPage } from "@/app/lazy";

export const clinicRoutes: RouteObject[] = [
  lazyPage("/children", () => import("./ChildrenPage")),
  lazyPage("/children/:id", () => import("./ChildPage")),
];

/** Printable pages: signed in, clinic roles, rendered without the layout. */
export const printRoutes: RouteObject[] = [
  lazyPage("/children/:id/print", () => import("@/features/print/PrintRecordPage")),
];

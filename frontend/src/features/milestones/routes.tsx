/** Milestone routes (clinic workspace). */
import type { RouteObject } from "react-router";
import { lazyPage } from "@/app/lazy";

export const clinicRoutes: RouteObject[] = [lazyPage("/concerns", () => import("./ConcernsPage"))];

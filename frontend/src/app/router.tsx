/** The route table: areas and guards here; each feature's routes come from its routes.tsx. */
import { createBrowserRouter, type RouteObject } from "react-router";
import { LoadingState } from "@/components/LoadingState";
import * as account from "@/features/account/routes";
import * as clinic from "@/features/clinic/routes";
import * as dashboard from "@/features/dashboard/routes";
import * as dueList from "@/features/due-list/routes";
import * as milestones from "@/features/milestones/routes";
import * as notifications from "@/features/notifications/routes";
import * as patients from "@/features/patients/routes";
import * as reports from "@/features/reports/routes";
import * as portal from "@/portal/routes";
import { HomeRedirect, RequireClinic, RequireParent, RequireSignedIn } from "./guards";
import { NotFoundPage } from "./NotFoundPage";
import { RouteError } from "./RouteError";
import { SignInPage } from "./SignInPage";

const clinicArea: RouteObject[] = [
  ...dashboard.clinicRoutes,
  ...patients.clinicRoutes,
  ...dueList.clinicRoutes,
  ...reports.clinicRoutes,
  ...milestones.clinicRoutes,
  ...clinic.clinicRoutes,
  ...notifications.clinicRoutes,
  ...account.clinicRoutes,
];

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    // Shown while the first page's chunk loads.
    hydrateFallbackElement: <LoadingState label="Loading page" fullPage />,
    children: [
      { path: "/", element: <HomeRedirect /> },
      { path: "/sign-in", element: <SignInPage /> },
      ...account.publicRoutes,
      ...notifications.publicRoutes,
      {
        element: <RequireSignedIn />,
        children: [
          {
            element: <RequireClinic />,
            children: [
              {
                lazy: async () => ({ Component: (await import("./ClinicLayout")).default }),
                children: clinicArea,
              },
              ...patients.printRoutes,
            ],
          },
          {
            element: <RequireParent />,
            children: [
              {
                lazy: async () => ({ Component: (await import("./PortalLayout")).default }),
                children: [...portal.portalRoutes, ...account.portalRoutes],
              },
              ...portal.printRoutes,
            ],
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}

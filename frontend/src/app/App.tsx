/** The app: providers around the router; an ended session navigates to sign in. */
import { useState } from "react";
import { RouterProvider } from "react-router";
import { setSessionExpiredHandler, signInPath } from "@/api/navigation";
import { AppProviders, createQueryClient } from "./providers";
import { createAppRouter } from "./router";
import { forgetSession } from "./session";

export function App() {
  const [client] = useState(createQueryClient);
  const [router] = useState(() => {
    const appRouter = createAppRouter();
    setSessionExpiredHandler((next) => {
      forgetSession(client);
      void appRouter.navigate(signInPath(next), { replace: true });
    });
    return appRouter;
  });
  return (
    <AppProviders client={client}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}

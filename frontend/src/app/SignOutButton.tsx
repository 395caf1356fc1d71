/** "Sign out": ends the session on the server, then shows the sign-in page. */
import { Button } from "@mantine/core";
import { useState } from "react";
import { useSession } from "./session";

export function SignOutButton() {
  const { signOut } = useSession();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="default"
      size="sm"
      loading={busy}
      onClick={async () => {
        setBusy(true);
        await signOut();
        // A fresh page load: nothing of the session stays in memory, and no guard remembers
        // the page left as `?next=` (a router navigation races the guards' redirects).
        window.location.replace("/sign-in");
      }}
    >
      Sign out
    </Button>
  );
}

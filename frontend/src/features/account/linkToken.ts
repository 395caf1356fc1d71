/** Tokens from emailed links: read once, then removed from the address bar (and its history). */
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";

/** Remove `token` from the browser's address bar without a navigation. */
export function stripTokenFromAddressBar(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has("token")) return;
  url.searchParams.delete("token");
  // The router's own history state is kept, so back/forward still work.
  window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
}

/** The `?token=` of the page's link, kept in memory; the address bar loses it at once. */
export function useLinkToken(): string | null {
  const [params] = useSearchParams();
  // Read once: the router's location still holds the query, the address bar no longer does.
  const [token] = useState(() => params.get("token"));
  useEffect(() => {
    stripTokenFromAddressBar();
  }, []);
  return token;
}

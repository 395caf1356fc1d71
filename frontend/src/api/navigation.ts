/** Where to send a user whose session ended, and which `?next=` values are safe to follow. */

type ExpiredHandler = (next: string) => void;

let onExpired: ExpiredHandler = (next) => {
  window.location.assign(signInPath(next));
};

/** Let the app replace the default full-page redirect with a router navigation. */
export function setSessionExpiredHandler(handler: ExpiredHandler): void {
  onExpired = handler;
}

/** Called by the API client when a refresh failed: the user must sign in again. */
export function sessionExpired(): void {
  const { pathname, search, hash } = window.location;
  onExpired(pathname.startsWith("/sign-in") ? "" : pathname + search + hash);
}

/** Only same-origin paths: "/x" but never "//host", "/\\host" or "https://...". */
export function safeNext(next: string | null | undefined, fallback: string): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
    return fallback;
  }
  // A control character (browsers drop tabs and newlines, turning "/\t/host" into "//host").
  const hasControl = [...next].some((char) => char.charCodeAt(0) < 0x20);
  if (hasControl || next.startsWith("/sign-in")) {
    return fallback;
  }
  return next;
}

/** The sign-in page, remembering the page wanted. */
export function signInPath(next: string): string {
  const path = safeNext(next, "");
  return path ? `/sign-in?next=${encodeURIComponent(path)}` : "/sign-in";
}

/** Where the session's tokens live: the access token in memory, the refresh token in sessionStorage. */

const REFRESH_KEY = "hp.refresh_token";

let accessToken: string | null = null;

/** The access token of this tab, if signed in. */
export function getAccessToken(): string | null {
  return accessToken;
}

/** The refresh token that survives a reload of this tab (never localStorage: gone with the tab). */
export function getRefreshToken(): string | null {
  try {
    return sessionStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

/** Keep a fresh token pair. */
export function setTokens(access: string, refresh: string): void {
  accessToken = access;
  try {
    sessionStorage.setItem(REFRESH_KEY, refresh);
  } catch {
    // Storage can be disabled; the session then lasts as long as the page.
  }
}

/** Forget both tokens. */
export function clearTokens(): void {
  accessToken = null;
  try {
    sessionStorage.removeItem(REFRESH_KEY);
  } catch {
    // Nothing stored.
  }
}

/** Whether this tab holds anything that may still sign it in. */
export function hasSessionTokens(): boolean {
  return accessToken !== null || getRefreshToken() !== null;
}

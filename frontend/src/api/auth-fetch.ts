/** Bearer token on every request, and one refresh then one retry when the API answers 401. */
import { clearTokens, getAccessToken, getRefreshToken, setTokens } from "./tokens";

export type FetchLike = (request: Request) => Promise<Response>;

const REFRESH_PATH = "/api/v1/auth/refresh";
// A 401 from these means wrong credentials or a dead refresh token, not an expired access token.
const NO_RETRY = ["/api/v1/auth/login", "/api/v1/auth/token", REFRESH_PATH, "/api/v1/auth/logout"];

let inFlight: Promise<boolean> | null = null;

/** The request with the current access token, if any. */
export function withBearer(request: Request): Request {
  const token = getAccessToken();
  if (!token) return request;
  const headers = new Headers(request.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return new Request(request, { headers });
}

/** Exchange the refresh token for a new pair; concurrent 401s share one exchange. */
export function refreshSession(doFetch: FetchLike): Promise<boolean> {
  if (!inFlight) {
    inFlight = exchange(doFetch).finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

async function exchange(doFetch: FetchLike): Promise<boolean> {
  const refreshToken = getRefreshToken();
  if (!refreshToken) return false;
  try {
    const response = await doFetch(
      new Request(new URL(REFRESH_PATH, baseOrigin()), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: refreshToken }),
      }),
    );
    if (!response.ok) return false;
    const pair = (await response.json()) as { access_token: string; refresh_token: string };
    setTokens(pair.access_token, pair.refresh_token);
    return true;
  } catch {
    return false;
  }
}

function baseOrigin(): string {
  return typeof window === "undefined" ? "http://localhost" : window.location.origin;
}

/** Whether a 401 for this request should try a refresh. */
export function shouldRefresh(request: Request, response: Response): boolean {
  if (response.status !== 401) return false;
  const path = new URL(request.url).pathname;
  return !NO_RETRY.includes(path) && getRefreshToken() !== null;
}

/**
 * Answer a 401 by refreshing once and retrying `retry` (an unsent copy of the request) once;
 * when the refresh fails the session is cleared and `onExpired` runs.
 */
export async function recoverFrom401(
  retry: Request,
  response: Response,
  doFetch: FetchLike,
  onExpired: () => void,
): Promise<Response> {
  if (!shouldRefresh(retry, response)) return response;
  if (!(await refreshSession(doFetch))) {
    clearTokens();
    onExpired();
    return response;
  }
  // The 401's body is never read: drop it, or the browser keeps the request open (and
  // Playwright's "networkidle" never comes).
  response.body?.cancel().catch(() => {});
  return doFetch(withBearer(retry));
}

/** fetch() with the session: for downloads and anything the typed client cannot express. */
export async function sendWithSession(
  request: Request,
  doFetch: FetchLike,
  onExpired: () => void,
): Promise<Response> {
  const retry = request.clone();
  const response = await doFetch(withBearer(request));
  return recoverFrom401(retry, response, doFetch, onExpired);
}

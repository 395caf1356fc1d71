/** The one typed API client (generated types from app.openapi()), with the session middleware. */
import createClient, { type Middleware } from "openapi-fetch";
import { recoverFrom401, sendWithSession, withBearer } from "./auth-fetch";
import { sessionExpired } from "./navigation";
import type { paths } from "./schema";

const unsent = new Map<string, Request>();

/** Adds the Bearer token; on a 401 refreshes once and retries once, else ends the session. */
export const sessionMiddleware: Middleware = {
  onRequest({ request, id }) {
    // Keep an unsent copy: the body of the original is consumed by the first attempt.
    unsent.set(id, request.clone());
    return withBearer(request);
  },
  async onResponse({ response, id, options }) {
    const retry = unsent.get(id);
    unsent.delete(id);
    if (!retry) return response;
    // Called unbound: the browser's fetch throws "Illegal invocation" with `options` as `this`.
    const send = options.fetch;
    return recoverFrom401(retry, response, (r) => send(r), sessionExpired);
  },
  onError({ id }) {
    unsent.delete(id);
  },
};

/** Build a client; tests pass their own fetch. */
export function createApiClient(fetchImpl?: typeof fetch) {
  const client = createClient<paths>({
    baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  client.use(sessionMiddleware);
  return client;
}

/** The app's client: `api.GET("/api/v1/patients", { params: { query: { q } } })`. */
export const api = createApiClient();

export type ApiClient = typeof api;

/** A fetch with the session, for file downloads (CSV) that are not JSON. */
export function authFetch(input: string, init?: RequestInit): Promise<Response> {
  const request = new Request(new URL(input, window.location.origin), init);
  return sendWithSession(request, (r) => fetch(r), sessionExpired);
}

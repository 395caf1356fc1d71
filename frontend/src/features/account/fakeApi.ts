/**
 * A fake API for component tests of these features: `serve("POST /api/v1/x", handler)` answers,
 * `calls` records what was sent. Tests swap the app's client for one on `fakeFetch` with vi.mock.
 */

type Handler = (request: Request, body: unknown) => Response | Promise<Response>;

const handlers = new Map<string, Handler>();

/** Every request the page sent: method, path, query and parsed JSON body. */
export const calls: { method: string; path: string; query: string; body: unknown }[] = [];

/** A JSON response. */
export function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

/** The API's one error shape. */
export function apiError(status: number, code: string, message: string, details?: unknown) {
  return json(status, { error: { code, message, details: details ?? null } });
}

/** Answer "METHOD /path" (the query is ignored) with `handler` or a fixed JSON body. */
export function serve(route: string, handler: Handler): void;
export function serve(route: string, body: object, status?: number): void;
export function serve(route: string, handler: Handler | object, status = 200): void {
  handlers.set(
    route,
    typeof handler === "function" ? (handler as Handler) : () => json(status, handler),
  );
}

/** Forget every handler and call (in beforeEach). */
export function resetFakeApi(): void {
  handlers.clear();
  calls.length = 0;
}

/** The fetch behind the test client: unknown routes answer 404 in the error shape. */
export async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const request = input instanceof Request ? input : new Request(input, init);
  const url = new URL(request.url);
  const text = request.method === "GET" ? "" : await request.clone().text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  calls.push({ method: request.method, path: url.pathname, query: url.search, body });
  const handler = handlers.get(`${request.method} ${url.pathname}`);
  if (!handler) return apiError(404, "not_found", `No fake for ${request.method} ${url.pathname}`);
  return handler(request, body);
}

/** The bodies sent to one route. */
export function sent(method: string, path: string): unknown[] {
  return calls.filter((c) => c.method === method && c.path === path).map((c) => c.body);
}

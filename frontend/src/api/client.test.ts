import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApiClient } from "./client";
import { setSessionExpiredHandler } from "./navigation";
import { clearTokens, getAccessToken, getRefreshToken, setTokens } from "./tokens";

type Handler = (request: Request) => Response | Promise<Response>;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

const ME = { id: "u1", email: "a@b.example", name: "A", role: "admin" };
const UNAUTHORIZED = { error: { code: "unauthorized", message: "Not signed in" } };

/** A fake server: records each request's path and Authorization header. */
function fakeServer(handler: Handler) {
  const seen: { path: string; auth: string | null; body: string }[] = [];
  const fetchImpl = vi.fn(async function (
    this: unknown,
    input: RequestInfo | URL,
    init?: RequestInit,
  ) {
    // Like the browser's fetch: called as a method of anything but the window, it throws.
    if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push({
      path: new URL(request.url).pathname,
      auth: request.headers.get("Authorization"),
      body: request.method === "GET" ? "" : await request.clone().text(),
    });
    return handler(request);
  });
  return { seen, client: createApiClient(fetchImpl as unknown as typeof fetch) };
}

describe("the API client's session", () => {
  let expired: string[];

  beforeEach(() => {
    clearTokens();
    expired = [];
    setSessionExpiredHandler((next) => expired.push(next));
  });

  it("sends the access token as a Bearer header", async () => {
    setTokens("access-1", "refresh-1");
    const { seen, client } = fakeServer(() => json(200, ME));
    const { data } = await client.GET("/api/v1/auth/me");
    expect(data?.email).toBe(ME.email);
    expect(seen).toEqual([{ path: "/api/v1/auth/me", auth: "Bearer access-1", body: "" }]);
  });

  it("refreshes once on a 401 and retries once with the new token", async () => {
    setTokens("stale", "refresh-1");
    const { seen, client } = fakeServer(async (request) => {
      const path = new URL(request.url).pathname;
      if (path === "/api/v1/auth/refresh") {
        return json(200, { access_token: "fresh", refresh_token: "refresh-2", user: ME });
      }
      return request.headers.get("Authorization") === "Bearer fresh"
        ? json(200, ME)
        : json(401, UNAUTHORIZED);
    });
    const { data, error } = await client.GET("/api/v1/auth/me");
    expect(error).toBeUndefined();
    expect(data?.id).toBe("u1");
    expect(seen.map((s) => s.path)).toEqual([
      "/api/v1/auth/me",
      "/api/v1/auth/refresh",
      "/api/v1/auth/me",
    ]);
    expect(JSON.parse(seen[1]?.body ?? "{}")).toEqual({ refresh_token: "refresh-1" });
    expect(seen[2]?.auth).toBe("Bearer fresh");
    expect(getAccessToken()).toBe("fresh");
    expect(getRefreshToken()).toBe("refresh-2");
    expect(expired).toEqual([]);
  });

  it("replays the body of a POST on the retry", async () => {
    setTokens("stale", "refresh-1");
    let calls = 0;
    const { seen, client } = fakeServer((request) => {
      if (new URL(request.url).pathname === "/api/v1/auth/refresh") {
        return json(200, { access_token: "fresh", refresh_token: "r2", user: ME });
      }
      calls += 1;
      return calls === 1 ? json(401, UNAUTHORIZED) : json(200, { message: "ok" });
    });
    await client.POST("/api/v1/auth/change-password", {
      body: { current_password: "old-password", new_password: "new-password-1" },
    });
    const posts = seen.filter((s) => s.path === "/api/v1/auth/change-password");
    expect(posts).toHaveLength(2);
    expect(posts[1]?.body).toBe(posts[0]?.body);
    expect(JSON.parse(posts[1]?.body ?? "{}").new_password).toBe("new-password-1");
  });

  it("does not loop: a second 401 after the refresh is returned as it is", async () => {
    setTokens("stale", "refresh-1");
    const { seen, client } = fakeServer((request) =>
      new URL(request.url).pathname === "/api/v1/auth/refresh"
        ? json(200, { access_token: "fresh", refresh_token: "r2", user: ME })
        : json(401, UNAUTHORIZED),
    );
    const { error, response } = await client.GET("/api/v1/auth/me");
    expect(response.status).toBe(401);
    expect(error).toEqual(UNAUTHORIZED);
    expect(seen.filter((s) => s.path === "/api/v1/auth/refresh")).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });

  it("clears the session and sends the user to sign in when the refresh fails", async () => {
    setTokens("stale", "refresh-dead");
    window.history.pushState({}, "", "/children/abc?tab=forecast");
    const { seen, client } = fakeServer(() => json(401, UNAUTHORIZED));
    const { response } = await client.GET("/api/v1/auth/me");
    expect(response.status).toBe(401);
    expect(seen.map((s) => s.path)).toEqual(["/api/v1/auth/me", "/api/v1/auth/refresh"]);
    expect(getAccessToken()).toBeNull();
    expect(getRefreshToken()).toBeNull();
    expect(expired).toEqual(["/children/abc?tab=forecast"]);
  });

  it("shares one refresh between requests that fail together", async () => {
    setTokens("stale", "refresh-1");
    const { seen, client } = fakeServer(async (request) => {
      if (new URL(request.url).pathname === "/api/v1/auth/refresh") {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return json(200, { access_token: "fresh", refresh_token: "r2", user: ME });
      }
      return request.headers.get("Authorization") === "Bearer fresh"
        ? json(200, ME)
        : json(401, UNAUTHORIZED);
    });
    const results = await Promise.all([
      client.GET("/api/v1/auth/me"),
      client.GET("/api/v1/auth/me"),
    ]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200]);
    expect(seen.filter((s) => s.path === "/api/v1/auth/refresh")).toHaveLength(1);
  });

  it("never refreshes on a failed sign-in", async () => {
    setTokens("stale", "refresh-1");
    const { seen, client } = fakeServer(() =>
      json(401, { error: { code: "invalid_credentials", message: "Wrong email or password" } }),
    );
    await client.POST("/api/v1/auth/login", { body: { email: "a@b.example", password: "x" } });
    expect(seen.map((s) => s.path)).toEqual(["/api/v1/auth/login"]);
    expect(expired).toEqual([]);
  });

  it("does not try to refresh without a refresh token", async () => {
    const { seen, client } = fakeServer(() => json(401, UNAUTHORIZED));
    await client.GET("/api/v1/auth/me");
    expect(seen).toHaveLength(1);
    expect(expired).toEqual([]);
  });
});

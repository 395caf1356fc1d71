/** The signed-in user (from GET /api/v1/auth/me), signing in and signing out. */
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo } from "react";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { clearTokens, hasSessionTokens, setTokens } from "@/api/tokens";

export type User = components["schemas"]["UserRead"];
export type Role = User["role"];
type TokenPair = { access_token: string; refresh_token: string; user: User };

export const ME_KEY = ["auth", "me"] as const;

type Session = {
  /** "loading" only while an existing session is being checked. */
  status: "loading" | "signed-in" | "signed-out";
  user: User | null;
  /** Keep the tokens of a successful sign-in (or sign-up, accept-invite). */
  signIn: (pair: TokenPair) => void;
  /** End the session on the server and here. */
  signOut: () => Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

/**
 * Drop everything the signed-in user could read. The user query is set to null rather than
 * removed: a removed query leaves its observer holding the old user (queryClient.clear()).
 */
export function forgetSession(queryClient: QueryClient): void {
  queryClient.setQueryData(ME_KEY, null);
  queryClient.removeQueries({
    predicate: (query) => !(query.queryKey[0] === ME_KEY[0] && query.queryKey[1] === ME_KEY[1]),
  });
}

/** Whether a role uses the clinic workspace (admin, staff) rather than the parents' portal. */
export function isClinicRole(role: Role): boolean {
  return role === "admin" || role === "staff";
}

/** Where a user lands after signing in when no page was asked for. */
export function homeFor(user: User): string {
  return isClinicRole(user.role) ? "/dashboard" : "/portal";
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => unwrap(await api.GET("/api/v1/auth/me")),
    // Without a token there is nothing to ask; the refresh token survives a reload of the tab.
    enabled: hasSessionTokens(),
    retry: false,
    staleTime: 5 * 60_000,
  });

  const signIn = useCallback(
    (pair: TokenPair) => {
      setTokens(pair.access_token, pair.refresh_token);
      queryClient.setQueryData(ME_KEY, pair.user);
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await api.POST("/api/v1/auth/logout");
    } catch {
      // Signed out here whatever the server says.
    }
    clearTokens();
    forgetSession(queryClient);
  }, [queryClient]);

  const user = me.data ?? null;
  const status: Session["status"] = user
    ? "signed-in"
    : me.isLoading && hasSessionTokens()
      ? "loading"
      : "signed-out";
  const value = useMemo(() => ({ status, user, signIn, signOut }), [status, user, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session; only inside SessionProvider. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** The signed-in user; only below RequireSignedIn. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error("useUser outside RequireSignedIn");
  return user;
}

/** The signed-in user's clinic (settings, timezone), shared by the clinic workspace's pages. */
import { useQuery } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";

export const CLINIC_KEY = ["clinic"] as const;

/** GET /api/v1/clinic (admins and staff). */
export function useClinic() {
  return useQuery({
    queryKey: CLINIC_KEY,
    queryFn: async () => unwrap(await api.GET("/api/v1/clinic")),
    staleTime: 5 * 60_000,
  });
}

/** The clinic's timezone for showing times; UTC until the clinic has loaded. */
export function useClinicTimezone(): string {
  return useClinic().data?.timezone ?? "UTC";
}

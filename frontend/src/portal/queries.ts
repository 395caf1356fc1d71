/** Server state of the portal (and the print view): one query key per API read. */
import { useQuery } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";

export const childKeys = {
  list: ["patients", "mine"] as const,
  child: (id: string) => ["patients", id] as const,
  clinic: (id: string) => ["patients", id, "clinic"] as const,
  forecast: (id: string) => ["patients", id, "forecast"] as const,
  records: (id: string) => ["patients", id, "immunizations"] as const,
  milestones: (id: string) => ["patients", id, "milestones"] as const,
  history: (id: string, code: string) => ["patients", id, "milestones", code, "history"] as const,
};

const path = (id: string) => ({ params: { path: { patient_id: id } } });

/** The signed-in parent's children (the API answers only their own). */
export function useMyChildren() {
  return useQuery({
    queryKey: childKeys.list,
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/patients", { params: { query: { size: 100 } } })),
  });
}

export function useChild(id: string) {
  return useQuery({
    queryKey: childKeys.child(id),
    queryFn: async () => unwrap(await api.GET("/api/v1/patients/{patient_id}", path(id))),
    retry: false,
  });
}

export function useChildClinic(id: string) {
  return useQuery({
    queryKey: childKeys.clinic(id),
    queryFn: async () => unwrap(await api.GET("/api/v1/patients/{patient_id}/clinic", path(id))),
    staleTime: 10 * 60_000,
  });
}

export function useForecast(id: string) {
  return useQuery({
    queryKey: childKeys.forecast(id),
    queryFn: async () => unwrap(await api.GET("/api/v1/patients/{patient_id}/forecast", path(id))),
  });
}

export function useRecords(id: string) {
  return useQuery({
    queryKey: childKeys.records(id),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/patients/{patient_id}/immunizations", path(id))),
  });
}

export function useMilestones(id: string) {
  return useQuery({
    queryKey: childKeys.milestones(id),
    queryFn: async () =>
      unwrap(await api.GET("/api/v1/patients/{patient_id}/milestones", path(id))),
  });
}

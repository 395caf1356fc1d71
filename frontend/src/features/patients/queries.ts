/** Query keys and readers for a child's record, shared by the child's page and its sections. */
import { useQuery } from "@tanstack/react-query";
import { api } from "@/api/client";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";

export type Patient = components["schemas"]["PatientRead"];
export type Guardian = components["schemas"]["GuardianRead"];
export type ImmunizationRecord = components["schemas"]["RecordRead"];
export type PatientForecast = components["schemas"]["PatientForecast"];
export type Clinic = components["schemas"]["ClinicRead"];
export type Vaccine = components["schemas"]["VaccineRead"];
export type Condition = components["schemas"]["ConditionRead"];
export type Observation =
  components["schemas"]["app__features__schedules__schemas__ObservationRead"];

/** Every key of one child starts with ["patients", id]: invalidating that refreshes the page. */
export const patientKeys = {
  all: ["patients"] as const,
  list: (params: object) => ["patients", "list", params] as const,
  one: (id: string) => ["patients", id] as const,
  record: (id: string) => ["patients", id, "record"] as const,
  forecast: (id: string) => ["patients", id, "forecast"] as const,
  immunizations: (id: string) => ["patients", id, "immunizations"] as const,
  immunization: (id: string, recordId: string) =>
    ["patients", id, "immunizations", recordId] as const,
  conditions: (id: string) => ["patients", id, "conditions"] as const,
  audit: (id: string, page: number) => ["patients", id, "audit", page] as const,
};

/** The signed-in user's clinic (timezone, schedule); any clinic member may read it. */
export function useClinic() {
  return useQuery({
    queryKey: ["clinic"],
    queryFn: async () => unwrap(await api.GET("/api/v1/clinic")),
    staleTime: 5 * 60_000,
  });
}

/** The child's profile with the ETag that guards the next edit. */
export function usePatient(id: string) {
  return useQuery({
    queryKey: patientKeys.record(id),
    queryFn: async () => {
      const result = await api.GET("/api/v1/patients/{patient_id}", {
        params: { path: { patient_id: id } },
      });
      return { patient: unwrap(result), etag: result.response.headers.get("ETag") };
    },
  });
}

/** The child's forecast as the API computes it (status, dates, summary). */
export function useForecast(id: string) {
  return useQuery({
    queryKey: patientKeys.forecast(id),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/patients/{patient_id}/forecast", {
          params: { path: { patient_id: id } },
        }),
      ),
  });
}

/** The child's immunization history (all statuses). */
export function useImmunizations(id: string) {
  return useQuery({
    queryKey: patientKeys.immunizations(id),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/patients/{patient_id}/immunizations", {
          params: { path: { patient_id: id } },
        }),
      ),
  });
}

/** The vaccines of a schedule, for the searchable picker. */
export function useScheduleVaccines(code: string | undefined) {
  return useQuery({
    queryKey: ["schedules", code, "vaccines"],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schedules/{code}/vaccines", {
          params: { path: { code: code ?? "" } },
        }),
      ),
    enabled: Boolean(code),
    staleTime: 60 * 60_000,
  });
}

/** The child's conditions (active and ended), oldest first as the API lists them. */
export function useConditions(id: string) {
  return useQuery({
    queryKey: patientKeys.conditions(id),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/patients/{patient_id}/conditions", {
          params: { path: { patient_id: id } },
        }),
      ),
  });
}

/** The observations (conditions) a schedule defines: the picker's options and the codes' words. */
export function useScheduleObservations(code: string | undefined) {
  return useQuery({
    queryKey: ["schedules", code, "observations"],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/schedules/{code}/observations", {
          params: { path: { code: code ?? "" } },
        }),
      ),
    enabled: Boolean(code),
    staleTime: 60 * 60_000,
  });
}

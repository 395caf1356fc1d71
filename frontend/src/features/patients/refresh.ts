/** What a change to a child's immunizations makes stale: the child's page, lists and reports. */
import type { QueryClient } from "@tanstack/react-query";
import { patientKeys } from "./queries";

export async function invalidateAfterDose(queryClient: QueryClient, patientId: string) {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: patientKeys.one(patientId) }),
    queryClient.invalidateQueries({ queryKey: ["due-list"] }),
    queryClient.invalidateQueries({ queryKey: ["reports"] }),
    queryClient.invalidateQueries({ queryKey: ["dashboard"] }),
  ]);
}

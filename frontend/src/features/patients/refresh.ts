/** What a change to a child's immunizations or conditions makes stale: the page, lists, reports. */
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

/**
 * A condition changes the forecast (the server recomputes it) and the record's ETag: everything
 * under the child's key (conditions, forecast, record) and the lists a dose change refreshes.
 */
export const invalidateAfterCondition = invalidateAfterDose;

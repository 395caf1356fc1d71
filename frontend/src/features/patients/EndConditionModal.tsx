/** End a condition from a day, with an optional reason (it stays on the record as ended). */
import { Stack, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { fieldErrors, unwrap } from "@/api/errors";
import { ConfirmModal } from "@/components/ConfirmModal";
import { DateField } from "./DateField";
import { textOrNull } from "./form-values";
import { type Condition, useForecast } from "./queries";
import { invalidateAfterCondition } from "./refresh";

type Props = { patientId: string; condition: Condition; onClose: () => void };

export function EndConditionModal({ patientId, condition, onClose }: Props) {
  const queryClient = useQueryClient();
  const today = useForecast(patientId).data?.assessment_date ?? null;
  const [endsOn, setEndsOn] = useState<string | null>(today);
  const [reason, setReason] = useState("");
  const end = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/patients/{patient_id}/conditions/{condition_id}/end", {
          params: { path: { patient_id: patientId, condition_id: condition.id } },
          body: { ends_on: endsOn || null, reason: textOrNull(reason) },
        }),
      ),
    onSuccess: async (ended) => {
      notifications.show({ color: "green", message: `Ended: ${ended.text}` });
      onClose();
      await invalidateAfterCondition(queryClient, patientId);
    },
  });
  const errors = fieldErrors(end.error);
  return (
    <ConfirmModal
      opened
      title="End the condition"
      confirmLabel="End condition"
      danger
      busy={end.isPending}
      error={end.error}
      onCancel={onClose}
      onConfirm={() => end.mutate()}
    >
      <Stack>
        <DateField
          label="End date"
          description={`${condition.text}, recorded on ${formatDate(condition.recorded_on)}, stays on the record as ended. Empty: today.`}
          clearable
          minDate={condition.recorded_on}
          maxDate={today ?? undefined}
          value={endsOn}
          onChange={setEndsOn}
          error={errors.ends_on}
        />
        <Textarea
          label="Reason"
          autosize
          minRows={2}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={errors.reason}
        />
      </Stack>
    </ConfirmModal>
  );
}

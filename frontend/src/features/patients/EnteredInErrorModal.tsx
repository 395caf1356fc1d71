/** Mark a record entered in error, with the reason (the record stays, struck through). */
import { Textarea } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { fieldErrors, unwrap } from "@/api/errors";
import { ConfirmModal } from "@/components/ConfirmModal";
import type { ImmunizationRecord } from "./queries";
import { invalidateAfterDose } from "./refresh";

type Props = { patientId: string; record: ImmunizationRecord; onClose: () => void };

export function EnteredInErrorModal({ patientId, record, onClose }: Props) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  const mark = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/api/v1/patients/{patient_id}/immunizations/{record_id}/entered-in-error", {
          params: { path: { patient_id: patientId, record_id: record.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: async () => {
      onClose();
      await invalidateAfterDose(queryClient, patientId);
    },
  });
  return (
    <ConfirmModal
      opened
      title="Mark entered in error"
      confirmLabel="Mark entered in error"
      danger
      busy={mark.isPending}
      error={mark.error}
      onCancel={onClose}
      onConfirm={() => {
        if (!reason.trim()) setMissing(true);
        else mark.mutate();
      }}
    >
      <Textarea
        label="Reason"
        description={`${record.vaccine_name ?? "This dose"} of ${formatDate(record.date_administered)} will no longer count.`}
        required
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
          setMissing(false);
        }}
        error={missing ? "Say why the record is wrong" : fieldErrors(mark.error).reason}
        autosize
        minRows={2}
      />
    </ConfirmModal>
  );
}

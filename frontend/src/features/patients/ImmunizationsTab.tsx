/** Immunizations: the history with per-antigen evaluations; record, correct, mark in error. */
import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { formatDate } from "@/api/dates";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { DoseModal } from "./DoseModal";
import { EnteredInErrorModal } from "./EnteredInErrorModal";
import { humanize, ROUTE_LABELS } from "./labels";
import { NotDoneModal } from "./NotDoneModal";
import { type ImmunizationRecord, type Patient, useImmunizations } from "./queries";

const EVALUATION_COLOR: Record<string, string> = {
  // Filled, in shades that keep AA contrast with the badge text.
  valid: "teal.9",
  not_valid: "red.9",
  extraneous: "gray.7",
  sub_standard: "yellow.4",
};

type Dialog =
  | { kind: "record" }
  | { kind: "correct"; record: ImmunizationRecord }
  | { kind: "error"; record: ImmunizationRecord }
  | { kind: "not-done" }
  | null;

function Evaluations({ record }: { record: ImmunizationRecord }) {
  if (record.status === "not_done") {
    return <Text size="sm">Not given: {humanize(record.not_done_reason)}</Text>;
  }
  if (record.status === "entered_in_error") {
    return <Text size="sm">Entered in error: {record.entered_in_error_reason ?? "—"}</Text>;
  }
  if (record.evaluations.length === 0) return <Text size="sm">—</Text>;
  return (
    <Stack gap={4}>
      {record.evaluations.map((evaluation) => (
        <Group key={`${evaluation.antigen}-${evaluation.series}`} gap={6} wrap="nowrap">
          <Badge
            color={EVALUATION_COLOR[evaluation.status] ?? "gray.7"}
            autoContrast
            size="sm"
            style={{ flex: "none" }}
          >
            {humanize(evaluation.status)}
          </Badge>
          <Text size="sm">
            {evaluation.antigen}
            {evaluation.dose_number ? ` dose ${evaluation.dose_number}` : ""}
            {evaluation.reason ? ` — ${evaluation.reason}` : ""}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

export function ImmunizationsTab({ patient }: { patient: Patient }) {
  const records = useImmunizations(patient.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const archived = patient.status === "archived";
  const close = () => setDialog(null);

  return (
    <>
      <Group mb="md" gap="sm">
        <Button onClick={() => setDialog({ kind: "record" })} disabled={archived}>
          Record dose
        </Button>
        <Button
          variant="default"
          onClick={() => setDialog({ kind: "not-done" })}
          disabled={archived}
        >
          Dose not given
        </Button>
      </Group>
      {records.isPending ? (
        <LoadingState rows={6} label="Loading immunizations" />
      ) : records.error ? (
        <ErrorAlert error={records.error} onRetry={() => records.refetch()} />
      ) : records.data.length === 0 ? (
        <EmptyState title="No immunizations recorded yet" />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label="Immunization history" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Vaccine</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Evaluation</Table.Th>
                <Table.Th>Lot</Table.Th>
                <Table.Th>Site</Table.Th>
                <Table.Th>Route</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {records.data.map((record) => {
                const name = record.vaccine_name ?? record.vaccine_groups.join(", ");
                const struck = record.status === "entered_in_error";
                return (
                  <Table.Tr key={record.id} opacity={struck ? 0.75 : undefined}>
                    <Table.Td td={struck ? "line-through" : undefined}>
                      {name}
                      {record.expired && (
                        <Badge ml="xs" color="red.9" size="sm">
                          Expired lot
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDate(record.date_administered)}</Table.Td>
                    <Table.Td>
                      <Evaluations record={record} />
                    </Table.Td>
                    <Table.Td>{record.lot_number ?? "—"}</Table.Td>
                    <Table.Td>{humanize(record.site)}</Table.Td>
                    <Table.Td>{record.route ? ROUTE_LABELS[record.route] : "—"}</Table.Td>
                    <Table.Td>
                      {record.status === "completed" && !archived && (
                        <Group gap={4} wrap="nowrap">
                          <Button
                            size="xs"
                            variant="subtle"
                            aria-label={`Correct ${name} of ${formatDate(record.date_administered)}`}
                            onClick={() => setDialog({ kind: "correct", record })}
                          >
                            Correct
                          </Button>
                          <Button
                            size="xs"
                            variant="subtle"
                            color="red"
                            aria-label={`Mark ${name} of ${formatDate(record.date_administered)} entered in error`}
                            onClick={() => setDialog({ kind: "error", record })}
                          >
                            Entered in error
                          </Button>
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === "record" && (
        <DoseModal patientId={patient.id} record={null} onClose={close} />
      )}
      {dialog?.kind === "correct" && (
        <DoseModal patientId={patient.id} record={dialog.record} onClose={close} />
      )}
      {dialog?.kind === "error" && (
        <EnteredInErrorModal patientId={patient.id} record={dialog.record} onClose={close} />
      )}
      {dialog?.kind === "not-done" && <NotDoneModal patientId={patient.id} onClose={close} />}
    </>
  );
}

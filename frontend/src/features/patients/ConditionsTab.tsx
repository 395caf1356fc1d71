/** Conditions: what the clinic recorded (history of disease, evidence of immunity...); record, end. */
import { Badge, Button, Group, Table, Text, VisuallyHidden } from "@mantine/core";
import { useState } from "react";
import { formatDate } from "@/api/dates";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { AddConditionModal } from "./AddConditionModal";
import { EndConditionModal } from "./EndConditionModal";
import { type Condition, type Patient, useConditions } from "./queries";

type Dialog = { kind: "add" } | { kind: "end"; condition: Condition } | null;

/** Active conditions first, then ended ones; each in the API's order (oldest first). */
function activeFirst(conditions: Condition[]): Condition[] {
  return [
    ...conditions.filter((c) => c.status === "active"),
    ...conditions.filter((c) => c.status !== "active"),
  ];
}

function ConditionRow({ condition, onEnd }: { condition: Condition; onEnd?: () => void }) {
  const active = condition.status === "active";
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={active ? 600 : undefined}>
          {condition.text}
        </Text>
        <Text size="xs">Code {condition.code}</Text>
      </Table.Td>
      <Table.Td>
        <Badge color={active ? "blue.8" : "gray.7"} variant={active ? "filled" : "outline"}>
          {active ? "Active" : "Ended"}
        </Badge>
      </Table.Td>
      <Table.Td>{formatDate(condition.recorded_on)}</Table.Td>
      <Table.Td>{formatDate(condition.ends_on)}</Table.Td>
      <Table.Td>
        <Text size="sm">{condition.notes ?? "—"}</Text>
        {condition.end_reason && <Text size="xs">Ended: {condition.end_reason}</Text>}
      </Table.Td>
      <Table.Td>
        {active && onEnd && (
          <Button
            size="xs"
            variant="subtle"
            color="red"
            aria-label={`End ${condition.text}`}
            onClick={onEnd}
          >
            End
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export default function ConditionsTab({ patient }: { patient: Patient }) {
  const conditions = useConditions(patient.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  // An archived record is read-only: no recording or ending (restore it from Profile first).
  const readOnly = patient.status === "archived";
  const close = () => setDialog(null);

  return (
    <>
      {!readOnly && (
        <Group mb="md">
          <Button onClick={() => setDialog({ kind: "add" })}>Record a condition</Button>
        </Group>
      )}
      {conditions.isPending ? (
        <LoadingState rows={4} label="Loading conditions" />
      ) : conditions.error ? (
        <ErrorAlert error={conditions.error} onRetry={() => conditions.refetch()} />
      ) : conditions.data.length === 0 ? (
        <EmptyState title="No conditions recorded">
          A history of disease or evidence of immunity recorded here changes the forecast.
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="Conditions" verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Condition</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Recorded on</Table.Th>
                <Table.Th>Ends on</Table.Th>
                <Table.Th>Notes</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {activeFirst(conditions.data).map((condition) => (
                <ConditionRow
                  key={condition.id}
                  condition={condition}
                  onEnd={readOnly ? undefined : () => setDialog({ kind: "end", condition })}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {dialog?.kind === "add" && <AddConditionModal patient={patient} onClose={close} />}
      {dialog?.kind === "end" && (
        <EndConditionModal patientId={patient.id} condition={dialog.condition} onClose={close} />
      )}
    </>
  );
}

/** Milestones: the checklists for the child's age, record achieved / not yet / unsure, history. */
import {
  Badge,
  Button,
  Group,
  List,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDate, formatDateTime } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { Notice } from "@/features/patients/Notice";
import { useClinic } from "@/features/patients/queries";
import { CONCERN_LABELS, STATUS_LABELS } from "./labels";
import { defaultOpen, milestoneSections } from "./sections";

type Item = components["schemas"]["ItemStatusRead"];
type Status = "achieved" | "not_yet" | "unsure";

// The most urgent concerns first (the API sorts them); the rest on demand.
const CONCERNS_SHOWN = 5;

const key = (patientId: string) => ["patients", patientId, "milestones"] as const;

function History({
  patientId,
  item,
  onClose,
}: {
  patientId: string;
  item: Item;
  onClose: () => void;
}) {
  const timeZone = useClinic().data?.timezone ?? "UTC";
  const history = useQuery({
    queryKey: [...key(patientId), "history", item.code],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/patients/{patient_id}/milestones/{code}/history", {
          params: { path: { patient_id: patientId, code: item.code }, query: { size: 50 } },
        }),
      ),
  });
  return (
    <Modal
      closeButtonProps={{ "aria-label": "Close" }}
      opened
      onClose={onClose}
      title={`History: ${item.text}`}
      size="lg"
    >
      {history.isPending ? (
        <LoadingState rows={3} label="Loading history" />
      ) : history.error ? (
        <ErrorAlert error={history.error} />
      ) : history.data.items.length === 0 ? (
        <EmptyState title="Nothing recorded yet" />
      ) : (
        <Table aria-label="Observations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Observed</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>Recorded</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {history.data.items.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>{formatDate(o.observed_on)}</Table.Td>
                <Table.Td>
                  {STATUS_LABELS[o.status]}
                  {o.notes ? ` — ${o.notes}` : ""}
                </Table.Td>
                <Table.Td>{o.source === "parent" ? "Parent" : "Clinic"}</Table.Td>
                <Table.Td>{formatDateTime(o.recorded_at, timeZone)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Modal>
  );
}

type RowProps = {
  item: Item;
  concern: boolean;
  readOnly: boolean;
  busy: boolean;
  onRecord: (status: Status) => void;
  onHistory: () => void;
};

function ItemRow({ item, concern, readOnly, busy, onRecord, onHistory }: RowProps) {
  return (
    <Table.Tr bg={concern ? "var(--mantine-color-orange-0)" : undefined}>
      <Table.Td>
        <Text size="sm" fw={concern ? 700 : undefined}>
          {item.text}
        </Text>
        <Text size="xs">
          {item.domain}
          {concern ? " · concern" : ""}
        </Text>
      </Table.Td>
      <Table.Td>
        {item.observation ? (
          <Text size="xs">
            {STATUS_LABELS[item.observation.status]} on {formatDate(item.observation.observed_on)}
          </Text>
        ) : (
          <Text size="xs">Not recorded</Text>
        )}
      </Table.Td>
      <Table.Td>
        <SegmentedControl
          size="xs"
          aria-label={`Status of ${item.text}`}
          disabled={readOnly || busy}
          value={item.status ?? ""}
          onChange={(value) => onRecord(value as Status)}
          data={[
            { value: "achieved", label: "Achieved" },
            { value: "not_yet", label: "Not yet" },
            { value: "unsure", label: "Unsure" },
          ]}
        />
      </Table.Td>
      <Table.Td>
        <Button
          size="xs"
          variant="subtle"
          onClick={onHistory}
          aria-label={`History of ${item.text}`}
        >
          History
        </Button>
      </Table.Td>
    </Table.Tr>
  );
}

export default function MilestonesTab({
  patientId,
  readOnly,
}: {
  patientId: string;
  readOnly: boolean;
}) {
  const queryClient = useQueryClient();
  const [historyOf, setHistoryOf] = useState<Item | null>(null);
  const [opened, setOpened] = useState<Set<string> | null>(null);
  const [allConcerns, setAllConcerns] = useState(false);
  const milestones = useQuery({
    queryKey: key(patientId),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/patients/{patient_id}/milestones", {
          params: { path: { patient_id: patientId } },
        }),
      ),
  });
  const record = useMutation({
    mutationFn: async ({ code, status }: { code: string; status: Status }) =>
      unwrap(
        await api.PUT("/api/v1/patients/{patient_id}/milestones/{code}", {
          params: { path: { patient_id: patientId, code } },
          // Observed on the assessment day the API used (the clinic's today).
          body: { status, observed_on: milestones.data?.as_of ?? "" },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: key(patientId) }),
        queryClient.invalidateQueries({ queryKey: ["milestones", "concerns"] }),
      ]);
    },
  });

  if (milestones.isPending) return <LoadingState rows={8} label="Loading milestones" />;
  if (milestones.error) {
    return <ErrorAlert error={milestones.error} onRetry={() => milestones.refetch()} />;
  }
  const data = milestones.data;
  const sections = milestoneSections(data);
  const toggle = (key: string) =>
    setOpened((current) => {
      const next = new Set(current ?? defaultOpen(sections));
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const open = opened ?? defaultOpen(sections);
  const concernCodes = new Set(data.concerns.map((c) => c.code));
  const row = (item: Item) => (
    <ItemRow
      key={item.code}
      item={item}
      concern={concernCodes.has(item.code)}
      readOnly={readOnly}
      busy={record.isPending && record.variables?.code === item.code}
      onRecord={(status) => record.mutate({ code: item.code, status })}
      onHistory={() => setHistoryOf(item)}
    />
  );
  const table = (label: string, items: Item[]) => (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Milestone</Table.Th>
            <Table.Th>Last recorded</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>
              <VisuallyHidden>History</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{items.map(row)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );

  return (
    <Stack>
      <Text size="sm">
        Assessed on {formatDate(data.as_of)} at {data.age.months} months
        {data.age_used === "corrected" ? " (corrected for prematurity)" : ""}.
      </Text>
      {data.concerns.length > 0 && (
        <Notice color="orange" title={`Concerns (${data.concerns.length})`}>
          <List size="sm">
            {(allConcerns ? data.concerns : data.concerns.slice(0, CONCERNS_SHOWN)).map((c) => (
              <List.Item key={`${c.kind}-${c.code}`}>
                <Badge size="xs" variant="default" mr={6}>
                  {CONCERN_LABELS[c.kind] ?? c.kind}
                </Badge>
                {c.text} (since {formatDate(c.since)})
              </List.Item>
            ))}
          </List>
          {data.concerns.length > CONCERNS_SHOWN && (
            <Button size="xs" variant="white" mt="xs" onClick={() => setAllConcerns((v) => !v)}>
              {allConcerns
                ? "Show the most urgent only"
                : `Show all ${data.concerns.length} concerns`}
            </Button>
          )}
        </Notice>
      )}
      <ErrorAlert error={record.error} title="Not recorded" />
      {data.checklists.length === 0 && data.motor_milestones.length === 0 && (
        <EmptyState title="No checklist for this age yet" />
      )}
      {sections.map((section) => {
        const isOpen = open.has(section.key);
        return (
          <Stack key={section.key} gap="xs">
            <Group justify="space-between" wrap="nowrap">
              <Title order={2} size="h4">
                {section.title}
              </Title>
              <Button
                size="xs"
                variant="subtle"
                aria-expanded={isOpen}
                aria-label={`${isOpen ? "Hide" : "Show"} ${section.title}`}
                onClick={() => toggle(section.key)}
              >
                {isOpen ? "Hide" : `Show ${section.items.length} items`}
              </Button>
            </Group>
            {/* Closed sections are not rendered: an older child has hundreds of items. */}
            {isOpen && table(section.title, section.items)}
          </Stack>
        );
      })}
      {historyOf && (
        <History patientId={patientId} item={historyOf} onClose={() => setHistoryOf(null)} />
      )}
    </Stack>
  );
}

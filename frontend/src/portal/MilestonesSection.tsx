/** A child's milestone checklists: the parent answers "Yes", "Not yet" or "Not sure" per item. */
import {
  Accordion,
  Anchor,
  Badge,
  Group,
  Paper,
  Radio,
  Stack,
  Text,
  VisuallyHidden,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import type { components } from "@/api/schema";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { childKeys, useMilestones } from "./queries";

type Item = components["schemas"]["ItemStatusRead"];
type Status = NonNullable<Item["status"]>;

// CDC's Milestone Tracker answers (https://www.cdc.gov/ncbddd/actearly/milestones-app.html).
export const ANSWERS: { value: Status; label: string }[] = [
  { value: "achieved", label: "Yes" },
  { value: "not_yet", label: "Not yet" },
  { value: "unsure", label: "Not sure" },
];
const LABEL = Object.fromEntries(ANSWERS.map((a) => [a.value, a.label])) as Record<Status, string>;

function History({ patientId, code }: { patientId: string; code: string }) {
  const history = useQuery({
    queryKey: childKeys.history(patientId, code),
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/patients/{patient_id}/milestones/{code}/history", {
          params: { path: { patient_id: patientId, code } },
        }),
      ),
  });
  if (history.isPending) return <LoadingState label="Loading history" rows={1} />;
  if (history.error) return <ErrorAlert error={history.error} />;
  if (history.data.items.length === 0) return <Text size="sm">No answers yet.</Text>;
  return (
    <Stack gap={2} component="ul" pl="md" m={0}>
      {history.data.items.map((o) => (
        <Text component="li" size="sm" key={o.id}>
          {formatDate(o.observed_on)}: {LABEL[o.status]} ({o.source === "parent" ? "you" : "clinic"}
          ){o.notes ? ` — ${o.notes}` : ""}
        </Text>
      ))}
    </Stack>
  );
}

function MilestoneItem({ item, patientId, asOf }: { item: Item; patientId: string; asOf: string }) {
  const queryClient = useQueryClient();
  const [showHistory, setShowHistory] = useState(false);
  const observe = useMutation({
    mutationFn: async (status: Status) =>
      unwrap(
        await api.PUT("/api/v1/patients/{patient_id}/milestones/{code}", {
          params: { path: { patient_id: patientId, code: item.code } },
          body: { status, observed_on: asOf },
        }),
      ),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: childKeys.milestones(patientId) });
    },
  });
  const value = observe.isPending ? observe.variables : (item.status ?? null);
  return (
    <Stack gap={4} py="xs">
      <Radio.Group
        label={item.text}
        value={value ?? null}
        onChange={(next) => observe.mutate(next as Status)}
        description={item.domain}
      >
        <Group gap="lg" mt={6}>
          {ANSWERS.map((answer) => (
            <Radio key={answer.value} value={answer.value} label={answer.label} size="md" />
          ))}
        </Group>
      </Radio.Group>
      <ErrorAlert error={observe.error} />
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={() => setShowHistory((s) => !s)}
        aria-expanded={showHistory}
        style={{ alignSelf: "flex-start" }}
      >
        {showHistory ? "Hide history" : "History"}
        <VisuallyHidden> of “{item.text}”</VisuallyHidden>
      </Anchor>
      {showHistory && <History patientId={patientId} code={item.code} />}
    </Stack>
  );
}

export function MilestonesSection({ patientId }: { patientId: string }) {
  const milestones = useMilestones(patientId);
  if (milestones.isPending) return <LoadingState label="Loading milestones" rows={4} />;
  if (milestones.error) {
    return <ErrorAlert error={milestones.error} onRetry={() => milestones.refetch()} />;
  }
  const view = milestones.data;
  const checklists = [...view.checklists].reverse();
  const latest = checklists[0];
  // "Not observed" only means nobody has answered yet: counted, not listed as a worry.
  const worries = view.concerns.filter((c) => c.kind !== "not_observed");
  const unanswered = view.concerns.length - worries.length;
  return (
    <Stack gap="sm">
      <Text size="sm">
        {view.age_used === "corrected"
          ? `Checklists use your child's corrected age (${view.age.months} months), because your child was born early; actual age ${view.chronological_age.months} months.`
          : `Checklists for your child's age (${view.age.months} months).`}
      </Text>
      {worries.length > 0 && (
        <Paper withBorder p="sm" radius="sm" style={{ borderLeft: "6px solid #a33a00" }}>
          <Text fw={700}>Talk to your clinic</Text>
          <Text size="sm">Your clinic would like to hear about:</Text>
          <Stack gap={2} component="ul" pl="md" m={0}>
            {worries.map((c) => (
              <Text component="li" size="sm" key={`${c.kind}-${c.code}`}>
                {c.text}
              </Text>
            ))}
          </Stack>
        </Paper>
      )}
      {unanswered > 0 && (
        <Text size="sm">
          {unanswered} milestone{unanswered === 1 ? "" : "s"} from earlier checklists have no answer
          yet: answer them below, or talk to your clinic at the next visit.
        </Text>
      )}
      {!latest ? (
        <EmptyState title="No checklists yet">The first checklist is at 2 months.</EmptyState>
      ) : (
        <Accordion defaultValue={String(latest.age_months)} variant="separated">
          {checklists.map((checklist) => {
            const answered = checklist.items.filter((i) => i.status !== null).length;
            return (
              <Accordion.Item key={checklist.age_months} value={String(checklist.age_months)}>
                <Accordion.Control>
                  <Group gap="sm">
                    <Text fw={700}>{checklist.age_months} months</Text>
                    <Badge variant="light" color="gray">
                      {answered} of {checklist.items.length} answered
                    </Badge>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  {checklist.items.map((item) => (
                    <MilestoneItem
                      key={item.code}
                      item={item}
                      patientId={patientId}
                      asOf={view.as_of}
                    />
                  ))}
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      )}
    </Stack>
  );
}

/** A child's page for a parent: upcoming vaccines, history, milestones, the clinic, the card. */
import { Anchor, Badge, Button, Card, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link, useParams } from "react-router";
import { formatDate } from "@/api/dates";
import { apiErrorCode } from "@/api/errors";
import { NotAvailablePage } from "@/app/guards";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { HealthCardSection } from "./HealthCardSection";
import { MilestonesSection } from "./MilestonesSection";
import { useChild, useChildClinic, useForecast, useRecords } from "./queries";
import {
  ageWords,
  didNotCount,
  groupName,
  type Settled,
  settledVaccines,
  type Upcoming,
  upcomingVaccines,
} from "./words";

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <Paper component="section" aria-labelledby={id} withBorder p="md" radius="md">
      <Title order={2} id={id} size="h3" mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

const STATE_BADGE = {
  overdue: { label: "Overdue", color: "red.9" },
  // A darker orange than the theme's: white text on it keeps a 4.5:1 contrast (WCAG AA).
  due: { label: "Due now", color: "#a33a00" },
  next: { label: "Coming up", color: "blue.9" },
} as const;

const SETTLED_BADGE = {
  immune: { label: "Immune", color: "teal.9" },
  contraindicated: { label: "Not advised", color: "grape.9" },
} as const;

/** Groups a condition the clinic recorded settled: no dose is coming for them. */
function SettledVaccines({ rows }: { rows: Settled[] }) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} mt="xs" style={{ listStyle: "none" }}>
      {rows.map((row) => (
        <Card component="li" key={row.group} withBorder padding="sm" radius="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600}>{groupName(row.group)}</Text>
            <Badge color={SETTLED_BADGE[row.status].color} style={{ flexShrink: 0 }}>
              {SETTLED_BADGE[row.status].label}
            </Badge>
          </Group>
          <Text size="sm">{row.words}</Text>
        </Card>
      ))}
    </Stack>
  );
}

function UpcomingVaccines({ patientId }: { patientId: string }) {
  const forecast = useForecast(patientId);
  if (forecast.isPending) return <LoadingState label="Loading upcoming vaccines" rows={3} />;
  if (forecast.error)
    return <ErrorAlert error={forecast.error} onRetry={() => forecast.refetch()} />;
  const rows = upcomingVaccines(forecast.data);
  const settled = settledVaccines(forecast.data);
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState title="Nothing due">Your child has every vaccine due so far.</EmptyState>
      ) : (
        <UpcomingList rows={rows} />
      )}
      {settled.length > 0 && <SettledVaccines rows={settled} />}
    </>
  );
}

function UpcomingList({ rows }: { rows: Upcoming[] }) {
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {rows.map((row) => (
        <Card component="li" key={row.group} withBorder padding="sm" radius="sm">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text fw={600}>{groupName(row.group)}</Text>
            <Badge color={STATE_BADGE[row.state].color} variant="filled" style={{ flexShrink: 0 }}>
              {STATE_BADGE[row.state].label}
            </Badge>
          </Group>
          <Text size="sm">
            {row.dose.dose_number ? `Dose ${row.dose.dose_number} · ` : ""}
            Recommended {formatDate(row.dose.recommended_date)} · earliest{" "}
            {formatDate(row.dose.earliest_date)}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

function VaccinationHistory({ patientId }: { patientId: string }) {
  const records = useRecords(patientId);
  if (records.isPending) return <LoadingState label="Loading vaccination history" rows={4} />;
  if (records.error) return <ErrorAlert error={records.error} onRetry={() => records.refetch()} />;
  const doses = records.data.filter((r) => r.status === "completed");
  if (doses.length === 0) return <EmptyState title="No vaccines recorded yet" />;
  return (
    <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
      {[...doses].reverse().map((dose) => {
        const notCounted = didNotCount(dose);
        return (
          <Stack
            component="li"
            key={dose.id}
            gap={2}
            py="xs"
            style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
          >
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600}>{dose.vaccine_name ?? dose.cvx ?? "Vaccine"}</Text>
              <Text size="sm" style={{ flexShrink: 0 }}>
                {formatDate(dose.date_administered)}
              </Text>
            </Group>
            {dose.vaccine_groups.length > 0 && (
              <Text size="sm">{dose.vaccine_groups.map(groupName).join(", ")}</Text>
            )}
            {notCounted && (
              <Text size="sm" fw={600} c="red.9">
                {notCounted[0]?.toUpperCase()}
                {notCounted.slice(1)}
              </Text>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}

function YourClinic({ patientId }: { patientId: string }) {
  const clinic = useChildClinic(patientId);
  if (clinic.isPending) return <LoadingState label="Loading your clinic" rows={2} />;
  if (clinic.error) return <ErrorAlert error={clinic.error} onRetry={() => clinic.refetch()} />;
  const c = clinic.data;
  return (
    <Stack gap={4} pl="sm" style={{ borderLeft: `6px solid ${c.primary_color}` }}>
      <Text fw={700}>{c.name}</Text>
      {c.phone && (
        <Text size="sm">
          Phone: <Anchor href={`tel:${c.phone.replace(/[^\d+]/g, "")}`}>{c.phone}</Anchor>
        </Text>
      )}
      {c.email && (
        <Text size="sm">
          Email: <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor>
        </Text>
      )}
      {c.address && <Text size="sm">Address: {c.address}</Text>}
      {!c.phone && !c.email && !c.address && (
        <Text size="sm">Your clinic has not added its contact details yet.</Text>
      )}
    </Stack>
  );
}

export default function PortalChildPage() {
  const { id = "" } = useParams();
  const child = useChild(id);
  if (child.isPending) return <LoadingState label="Loading your child's record" fullPage />;
  if (child.error) {
    if (isMissing(child.error)) {
      return <NotAvailablePage />;
    }
    return <ErrorAlert error={child.error} onRetry={() => child.refetch()} />;
  }
  const c = child.data;
  const name = `${c.first_name} ${c.last_name}`;
  return (
    <>
      <PageHeader
        title={name}
        description={`Born ${formatDate(c.date_of_birth)} · ${ageWords(c.age)} old`}
        actions={
          <Button component={Link} to={`/portal/children/${c.id}/print`} variant="default">
            Print record
          </Button>
        }
      />
      <Stack gap="md">
        <Section title="Upcoming vaccines">
          <UpcomingVaccines patientId={c.id} />
        </Section>
        <Section title="Vaccination history">
          <VaccinationHistory patientId={c.id} />
        </Section>
        <Section title="Milestones">
          <MilestonesSection patientId={c.id} />
        </Section>
        <Section title="Your clinic">
          <YourClinic patientId={c.id} />
        </Section>
        <Section title="Health card">
          <HealthCardSection patientId={c.id} childName={name} />
        </Section>
      </Stack>
      <Anchor component={Link} to="/portal" mt="lg" display="inline-block">
        Back to my children
      </Anchor>
    </>
  );
}

/** A child the parent may not see answers 404 (like one that does not exist). */
function isMissing(error: unknown): boolean {
  const code = apiErrorCode(error) ?? "";
  return code.endsWith("not_found") || code === "forbidden";
}

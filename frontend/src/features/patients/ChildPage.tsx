/** A child's page: header (age, birth date, sex, MRN, status, forecast) and its sections as tabs. */
import { Badge, Group, Tabs, Text } from "@mantine/core";
import { lazy, Suspense } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { formatDate } from "@/api/dates";
import { useUser } from "@/app/session";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { ForecastTab } from "./ForecastTab";
import { ImmunizationsTab } from "./ImmunizationsTab";
import { formatAge, humanize, summaryBadge } from "./labels";
import { useClinic, useForecast, useImmunizations, usePatient } from "./queries";

// Sections not on screen first load with their tab (the first tab's data is fetched in parallel).
const MilestonesTab = lazy(() => import("@/features/milestones/MilestonesTab"));
const ConditionsTab = lazy(() => import("./ConditionsTab"));
const GuardiansTab = lazy(() => import("./GuardiansTab"));
const ProfileTab = lazy(() => import("./ProfileTab"));
const ActivityTab = lazy(() => import("./ActivityTab"));

const SECTIONS = [
  "Immunizations",
  "Forecast",
  "Conditions",
  "Milestones",
  "Guardians",
  "Profile",
  "Activity",
];

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Text size="sm" component="span">
      <Text span fw={600}>
        {label}:
      </Text>{" "}
      {children}
    </Text>
  );
}

export default function ChildPage() {
  const { id = "" } = useParams();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  // Started together: the sections' reads run in parallel with the profile's.
  const record = usePatient(id);
  const forecast = useForecast(id);
  useImmunizations(id);
  useClinic();

  // The API answers 403 to staff; the tab is not offered to them.
  const sections = user.role === "admin" ? SECTIONS : SECTIONS.filter((s) => s !== "Activity");
  const requested = params.get("tab") ?? "";
  const tab = sections.find((s) => s.toLowerCase() === requested) ?? "Immunizations";

  if (record.isPending) return <LoadingState rows={8} label="Loading the child's record" />;
  if (record.error) {
    return (
      <>
        <PageHeader title="Child" />
        <ErrorAlert error={record.error} onRetry={() => record.refetch()} />
      </>
    );
  }
  const { patient } = record.data;
  const summary = forecast.data ? summaryBadge(forecast.data.summary.status) : null;

  return (
    <>
      <PageHeader
        title={`${patient.first_name} ${patient.last_name}`}
        description={
          <Group gap="lg" component="span" wrap="wrap">
            <Fact label="Age">{formatAge(patient.age)}</Fact>
            <Fact label="Date of birth">{formatDate(patient.date_of_birth)}</Fact>
            <Fact label="Sex">{humanize(patient.sex)}</Fact>
            <Fact label="MRN">{patient.medical_record_number ?? "—"}</Fact>
          </Group>
        }
        actions={
          <Group gap="xs" aria-live="polite">
            <Badge variant={patient.status === "active" ? "light" : "default"}>
              {humanize(patient.status)}
            </Badge>
            {summary ? (
              <Badge
                color={summary.color}
                variant="filled"
                autoContrast
                data-testid="forecast-summary"
              >
                Immunizations: {summary.label}
              </Badge>
            ) : (
              <Badge variant="default">Forecast loading</Badge>
            )}
            {forecast.data?.summary.next_due_date && (
              <Text size="sm">Next due {formatDate(forecast.data.summary.next_due_date)}</Text>
            )}
            <Text component={Link} to={`/children/${patient.id}/print`} size="sm" c="blue.8">
              Print record
            </Text>
          </Group>
        }
      />
      {patient.status === "archived" && (
        <Text mb="md" role="note">
          This record is archived{patient.archived_reason ? ` (${patient.archived_reason})` : ""}:
          restore it from Profile to change it.
        </Text>
      )}
      <Tabs
        value={tab}
        onChange={(value) =>
          setParams(
            (current) => {
              const next = new URLSearchParams(current);
              next.set("tab", (value ?? "Immunizations").toLowerCase());
              return next;
            },
            { replace: true },
          )
        }
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {sections.map((section) => (
            <Tabs.Tab key={section} value={section}>
              {section}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Suspense fallback={<LoadingState rows={6} label="Loading section" />}>
          <Tabs.Panel value="Immunizations">
            <ImmunizationsTab patient={patient} />
          </Tabs.Panel>
          <Tabs.Panel value="Forecast">
            <ForecastTab patientId={patient.id} />
          </Tabs.Panel>
          <Tabs.Panel value="Conditions">
            <ConditionsTab patient={patient} />
          </Tabs.Panel>
          <Tabs.Panel value="Milestones">
            <MilestonesTab patientId={patient.id} readOnly={patient.status === "archived"} />
          </Tabs.Panel>
          <Tabs.Panel value="Guardians">
            <GuardiansTab patient={patient} />
          </Tabs.Panel>
          <Tabs.Panel value="Profile">
            <ProfileTab
              patient={patient}
              etag={record.data.etag}
              onReload={() => record.refetch()}
            />
          </Tabs.Panel>
          {user.role === "admin" && (
            <Tabs.Panel value="Activity">
              <ActivityTab patientId={patient.id} />
            </Tabs.Panel>
          )}
        </Suspense>
      </Tabs>
    </>
  );
}

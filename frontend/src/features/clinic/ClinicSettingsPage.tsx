/** Clinic settings (admins): the clinic, staff, audit trail and outbox, one tab each (`?tab=`). */
import { Tabs } from "@mantine/core";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { AuditPanel } from "./AuditPanel";
import { ClinicDetailsForm } from "./ClinicDetailsForm";
import { OutboxPanel } from "./OutboxPanel";
import { StaffPanel } from "./StaffPanel";
import { useClinic } from "./useClinic";

const TABS = [
  { value: "clinic", label: "Clinic" },
  { value: "staff", label: "Staff" },
  { value: "audit", label: "Audit trail" },
  { value: "outbox", label: "Outbox" },
] as const;

type Tab = (typeof TABS)[number]["value"];

function isTab(value: string | null): value is Tab {
  return TABS.some((tab) => tab.value === value);
}

export default function ClinicSettingsPage() {
  const clinic = useClinic();
  const [params, setParams] = useSearchParams();
  const wanted = params.get("tab");
  const tab: Tab = isTab(wanted) ? wanted : "clinic";
  const timeZone = clinic.data?.timezone ?? "UTC";

  return (
    <>
      <PageHeader title="Clinic settings" description={clinic.data?.name ?? "\u00a0"} />
      <Tabs
        value={tab}
        keepMounted={false}
        onChange={(value) => {
          if (isTab(value)) setParams(value === "clinic" ? {} : { tab: value }, { replace: true });
        }}
      >
        <Tabs.List mb="md">
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="clinic">
          {clinic.isPending ? (
            <LoadingState rows={8} label="Loading the clinic's settings" />
          ) : clinic.error ? (
            <ErrorAlert error={clinic.error} onRetry={() => clinic.refetch()} />
          ) : (
            <ClinicDetailsForm key={clinic.data.updated_at} clinic={clinic.data} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="staff">
          <StaffPanel timeZone={timeZone} />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          <AuditPanel timeZone={timeZone} />
        </Tabs.Panel>
        <Tabs.Panel value="outbox">
          <OutboxPanel timeZone={timeZone} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

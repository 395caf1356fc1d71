/** Reports: coverage by birth cohort, doses administered, defaulters; "Download CSV" on each. */
import { Stack } from "@mantine/core";
import { PageHeader } from "@/components/PageHeader";
import { CoverageSection } from "./CoverageSection";
import { DefaultersSection } from "./DefaultersSection";
import { DosesSection } from "./DosesSection";

export default function ReportsPage() {
  return (
    <>
      <PageHeader title="Reports" />
      <Stack gap="xl">
        <CoverageSection />
        <DosesSection />
        <DefaultersSection />
      </Stack>
    </>
  );
}

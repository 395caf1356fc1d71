/** Dashboard: the clinic's figures (each opens its list) and the coverage chart. */
import {
  Button,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link } from "react-router";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { PageHeader } from "@/components/PageHeader";
import { type Figure, type Summary, summaryFigures } from "./figures";

// The chart library is large: the figures show first, the chart when its code arrives.
const CoverageChart = lazy(async () => ({
  default: (await import("./CoverageChart")).CoverageChart,
}));

function FigureCard({ figure }: { figure: Figure }) {
  return (
    <UnstyledButton component={Link} to={figure.to} aria-label={`${figure.label}: ${figure.value}`}>
      <Paper withBorder p="md" h="100%">
        <Text size="sm" fw={600}>
          {figure.label}
        </Text>
        <Text fz={32} fw={700} lh={1.2}>
          {figure.value}
        </Text>
        <Text size="xs" c="dimmed">
          {figure.hint}
        </Text>
      </Paper>
    </UnstyledButton>
  );
}

export default function DashboardPage() {
  const summary = useQuery({
    queryKey: ["reports", "summary"],
    // The endpoint also answers CSV, so the client types the body as unknown: it is JSON here.
    queryFn: async () => unwrap(await api.GET("/api/v1/reports/summary")) as Summary,
  });

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={summary.data ? `As of ${formatDate(summary.data.as_of)}` : "\u00a0"}
        actions={
          <Button component={Link} to="/verify-card" variant="default">
            Verify health card
          </Button>
        }
      />
      <Stack gap="lg">
        <section aria-label="Summary figures">
          {summary.error ? (
            <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />
          ) : (
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md">
              {summary.data
                ? summaryFigures(summary.data).map((figure) => (
                    <FigureCard key={figure.label} figure={figure} />
                  ))
                : Array.from({ length: 6 }, (_, index) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                    <Skeleton key={index} height={108} radius="sm" />
                  ))}
            </SimpleGrid>
          )}
          {summary.isPending && <VisuallyHidden role="status">Loading the figures</VisuallyHidden>}
        </section>
        <Suspense fallback={<Skeleton height={380} radius="sm" aria-hidden="true" />}>
          <CoverageChart />
        </Suspense>
      </Stack>
    </>
  );
}

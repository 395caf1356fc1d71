/** "My children": one card per child linked to the parent, with where each stands. */
import { Anchor, Card, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import type { components } from "@/api/schema";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { useChildClinic, useForecast, useMyChildren } from "./queries";
import { ageWords, summaryLine } from "./words";

type Child = components["schemas"]["PatientRead"];

function ChildCard({ child }: { child: Child }) {
  const forecast = useForecast(child.id);
  const clinic = useChildClinic(child.id);
  const name = `${child.first_name} ${child.last_name}`;
  return (
    <Card withBorder padding="md" radius="md" component="article" aria-label={name}>
      <Stack gap={6}>
        <Anchor component={Link} to={`/portal/children/${child.id}`} fw={700} size="lg">
          {name}
        </Anchor>
        <Text size="sm">{ageWords(child.age)} old</Text>
        {clinic.data ? <Text size="sm">{clinic.data.name}</Text> : <Skeleton h={20} w={140} />}
        {forecast.error ? (
          <Text size="sm">Vaccine status not available right now</Text>
        ) : forecast.data ? (
          <Text fw={600} c={forecast.data.summary.status === "overdue" ? "red.9" : undefined}>
            {summaryLine(forecast.data)}
          </Text>
        ) : (
          <Skeleton h={20} w={180} aria-label="Loading vaccine status" />
        )}
      </Stack>
    </Card>
  );
}

export default function MyChildrenPage() {
  const children = useMyChildren();
  return (
    <>
      <PageHeader title="My children" />
      {children.isPending ? (
        <LoadingState label="Loading your children" rows={2} />
      ) : children.error ? (
        <ErrorAlert error={children.error} onRetry={() => children.refetch()} />
      ) : children.data.items.length === 0 ? (
        <EmptyState title="No children linked yet">
          When your clinic invites you to a child's record, the child appears here.
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {children.data.items.map((child) => (
            <ChildCard key={child.id} child={child} />
          ))}
        </SimpleGrid>
      )}
      <Group mt="xl" gap="md">
        <Anchor component={Link} to="/portal/inbox">
          Inbox
        </Anchor>
        <Anchor component={Link} to="/portal/preferences">
          Email preferences
        </Anchor>
        <Anchor component={Link} to="/portal/account">
          My account
        </Anchor>
      </Group>
    </>
  );
}

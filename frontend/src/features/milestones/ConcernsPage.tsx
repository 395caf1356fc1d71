/** Milestone concerns: the clinic's children with a developmental concern, most urgent first. */
import { Anchor, Badge, Group, List, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { CONCERN_LABELS } from "./labels";

const SIZE = 20;
// The most urgent few per child (the API sorts them); the rest are on the child's page.
const SHOWN = 3;

export default function ConcernsPage() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page")) || 1);
  const concerns = useQuery({
    queryKey: ["milestones", "concerns", page],
    queryFn: async () =>
      unwrap(
        await api.GET("/api/v1/milestones/concerns", { params: { query: { page, size: SIZE } } }),
      ),
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader
        title="Milestone concerns"
        description="Children with a developmental milestone to follow up"
      />
      {concerns.isPending ? (
        <LoadingState rows={8} label="Loading concerns" />
      ) : concerns.error ? (
        <ErrorAlert error={concerns.error} onRetry={() => concerns.refetch()} />
      ) : concerns.data.items.length === 0 ? (
        <EmptyState title="No milestone concerns">No child has a concern to follow up.</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Milestone concerns" striped verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Child</Table.Th>
                  <Table.Th>Date of birth</Table.Th>
                  <Table.Th>Concerns</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {concerns.data.items.map((row) => (
                  <Table.Tr key={row.patient_id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/children/${row.patient_id}?tab=milestones`}>
                        {row.first_name} {row.last_name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{formatDate(row.date_of_birth)}</Table.Td>
                    <Table.Td>
                      <List size="sm" listStyleType="none">
                        {row.concerns.slice(0, SHOWN).map((c) => (
                          <List.Item key={`${c.kind}-${c.code}`}>
                            <Badge size="xs" variant="default" mr={6}>
                              {CONCERN_LABELS[c.kind] ?? c.kind}
                            </Badge>
                            {c.text} (since {formatDate(c.since)})
                          </List.Item>
                        ))}
                        {row.concerns.length > SHOWN && (
                          <List.Item>
                            and {row.concerns.length - SHOWN} more on the child's page
                          </List.Item>
                        )}
                      </List>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md">
            <Text size="sm">{concerns.data.total} children</Text>
            <ListPagination
              total={concerns.data.total}
              size={SIZE}
              page={page}
              onChange={(value) => setParams({ page: String(value) })}
              mt={0}
            />
          </Group>
        </>
      )}
    </>
  );
}

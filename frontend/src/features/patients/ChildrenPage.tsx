/** Children: search by name prefix or MRN, active or archived, paginated; "Add child". */
import {
  Anchor,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "@/api/client";
import { formatDate } from "@/api/dates";
import { unwrap } from "@/api/errors";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { ListPagination } from "@/components/ListPagination";
import { LoadingState } from "@/components/LoadingState";
import { PageHeader } from "@/components/PageHeader";
import { AddChildModal } from "./AddChildModal";
import { formatAge, humanize } from "./labels";
import { patientKeys } from "./queries";

const SIZE = 20;

export default function ChildrenPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get("status") === "archived" ? "archived" : "active";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [adding, setAdding] = useState(false);

  // The search lives in the URL (back button, shared links); a new search starts at page 1.
  useEffect(() => {
    setParams(
      (current) => {
        if ((current.get("q") ?? "") === q) return current;
        const next = new URLSearchParams(current);
        if (q) next.set("q", q);
        else next.delete("q");
        next.delete("page");
        return next;
      },
      { replace: true },
    );
  }, [q, setParams]);

  const query = { q: q || undefined, status, page, size: SIZE } as const;
  const children = useQuery({
    queryKey: patientKeys.list(query),
    queryFn: async () => unwrap(await api.GET("/api/v1/patients", { params: { query } })),
    placeholderData: keepPreviousData,
  });

  function setParam(name: string, value: string | null) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      if (name !== "page") next.delete("page");
      return next;
    });
  }

  return (
    <>
      <PageHeader
        title="Children"
        actions={<Button onClick={() => setAdding(true)}>Add child</Button>}
      />
      <Group align="flex-end" mb="md" wrap="wrap">
        <TextInput
          label="Search children"
          description="Name (first letters) or medical record number"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          style={{ flex: "1 1 240px" }}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="children-status-label">
            Show
          </Text>
          <SegmentedControl
            aria-labelledby="children-status-label"
            value={status}
            onChange={(value) => setParam("status", value === "archived" ? "archived" : null)}
            data={[
              { value: "active", label: "Active" },
              { value: "archived", label: "Archived" },
            ]}
          />
        </Stack>
      </Group>
      {children.isPending ? (
        <LoadingState rows={10} label="Loading children" />
      ) : children.error ? (
        <ErrorAlert error={children.error} onRetry={() => children.refetch()} />
      ) : children.data.items.length === 0 ? (
        <EmptyState title={q ? "No child matches this search" : "No children yet"}>
          {q ? "Check the spelling, or search by medical record number." : undefined}
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover aria-label="Children">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Date of birth</Table.Th>
                  <Table.Th>Age</Table.Th>
                  <Table.Th>Sex</Table.Th>
                  <Table.Th>MRN</Table.Th>
                  <Table.Th>Primary guardian</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {children.data.items.map((child) => {
                  const guardian =
                    child.guardians.find((g) => g.is_primary) ?? child.guardians[0] ?? null;
                  return (
                    <Table.Tr key={child.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/children/${child.id}`}>
                          {child.first_name} {child.last_name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{formatDate(child.date_of_birth)}</Table.Td>
                      <Table.Td>{formatAge(child.age)}</Table.Td>
                      <Table.Td>{humanize(child.sex)}</Table.Td>
                      <Table.Td>{child.medical_record_number ?? "—"}</Table.Td>
                      <Table.Td>{guardian ? guardian.name : "—"}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between" mt="md" wrap="wrap">
            <Text size="sm">
              {children.data.total} {children.data.total === 1 ? "child" : "children"}
            </Text>
            <ListPagination
              total={children.data.total}
              size={SIZE}
              page={page}
              onChange={(value) => setParam("page", String(value))}
              mt={0}
            />
          </Group>
        </>
      )}
      <AddChildModal opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}

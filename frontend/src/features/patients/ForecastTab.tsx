/** Forecast: each vaccine group's status, next dose and its dates; overdue groups first. */
import { Badge, Table, Text } from "@mantine/core";
import { formatDate } from "@/api/dates";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { forecastRows } from "./forecast-order";
import { groupStatusBadge } from "./labels";
import { useForecast, useScheduleObservations } from "./queries";

export function ForecastTab({ patientId }: { patientId: string }) {
  const forecast = useForecast(patientId);
  // The words of the condition codes the API names on a group (from the forecast's schedule).
  const observations = useScheduleObservations(forecast.data?.schedule);
  if (forecast.isPending) return <LoadingState rows={8} label="Loading the forecast" />;
  if (forecast.error) {
    return <ErrorAlert error={forecast.error} onRetry={() => forecast.refetch()} />;
  }
  const rows = forecastRows(forecast.data);
  if (rows.length === 0) return <EmptyState title="No vaccine groups in this schedule" />;
  const words = new Map((observations.data ?? []).map((o) => [o.code, o.text]));
  const because = (codes: string[]) =>
    codes.map((code) => words.get(code) ?? `condition ${code}`).join("; ");
  return (
    <>
      <Text size="sm" mb="sm">
        As of {formatDate(forecast.data.assessment_date)} ({forecast.data.schedule} schedule).
      </Text>
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label="Forecast">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Vaccine group</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Next dose</Table.Th>
              <Table.Th>Earliest</Table.Th>
              <Table.Th>Recommended</Table.Th>
              <Table.Th>Past due</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map(({ group, overdue }) => {
              const badge = groupStatusBadge(group.status);
              return (
                <Table.Tr
                  key={group.vaccine_group}
                  bg={overdue ? "var(--mantine-color-red-0)" : undefined}
                >
                  <Table.Td fw={overdue ? 700 : undefined}>{group.vaccine_group}</Table.Td>
                  <Table.Td>
                    {overdue ? (
                      <Badge color="red.9">Overdue</Badge>
                    ) : (
                      <Badge color={badge.color} variant={badge.variant} autoContrast>
                        {badge.label}
                      </Badge>
                    )}
                    {group.conditions?.length ? (
                      <Text size="xs" mt={4}>
                        Because of: {because(group.conditions)}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {group.forecast?.dose_number ? `Dose ${group.forecast.dose_number}` : "—"}
                  </Table.Td>
                  <Table.Td>{formatDate(group.forecast?.earliest_date)}</Table.Td>
                  <Table.Td>{formatDate(group.forecast?.recommended_date)}</Table.Td>
                  <Table.Td>{formatDate(group.forecast?.past_due_date)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

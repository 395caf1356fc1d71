/** Forecast: each vaccine group's status, next dose and its dates; overdue groups first. */
import { Badge, Table, Text } from "@mantine/core";
import { formatDate } from "@/api/dates";
import { EmptyState } from "@/components/EmptyState";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";
import { forecastRows } from "./forecast-order";
import { humanize } from "./labels";
import { useForecast } from "./queries";

export function ForecastTab({ patientId }: { patientId: string }) {
  const forecast = useForecast(patientId);
  if (forecast.isPending) return <LoadingState rows={8} label="Loading the forecast" />;
  if (forecast.error) {
    return <ErrorAlert error={forecast.error} onRetry={() => forecast.refetch()} />;
  }
  const rows = forecastRows(forecast.data);
  if (rows.length === 0) return <EmptyState title="No vaccine groups in this schedule" />;
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
            {rows.map(({ group, overdue }) => (
              <Table.Tr
                key={group.vaccine_group}
                bg={overdue ? "var(--mantine-color-red-0)" : undefined}
              >
                <Table.Td fw={overdue ? 700 : undefined}>{group.vaccine_group}</Table.Td>
                <Table.Td>
                  {overdue ? (
                    <Badge color="red.9">Overdue</Badge>
                  ) : (
                    <Badge variant={group.status === "not_complete" ? "light" : "default"}>
                      {humanize(group.status)}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {group.forecast?.dose_number ? `Dose ${group.forecast.dose_number}` : "—"}
                </Table.Td>
                <Table.Td>{formatDate(group.forecast?.earliest_date)}</Table.Td>
                <Table.Td>{formatDate(group.forecast?.recommended_date)}</Table.Td>
                <Table.Td>{formatDate(group.forecast?.past_due_date)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

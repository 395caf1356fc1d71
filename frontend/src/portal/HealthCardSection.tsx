/** The child's SMART Health Card: its QR code(s) to show, and the file to download. */
import { Button, Group, Image, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { authFetch } from "@/api/client";
import { isApiError } from "@/api/errors";
import { ErrorAlert } from "@/components/ErrorAlert";
import { LoadingState } from "@/components/LoadingState";

const base = (id: string) => `/api/v1/patients/${encodeURIComponent(id)}/health-card`;

async function fetchOk(url: string): Promise<Response> {
  const response = await authFetch(url);
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw isApiError(body) ? body : new Error("The health card is not available right now.");
  }
  return response;
}

/** The QR codes as data URLs (a card too big for one code comes in numbered chunks). */
async function loadQrCodes(id: string): Promise<string[]> {
  const first = await fetchOk(`${base(id)}/qr.svg?chunk=1`);
  const chunks = Number(first.headers.get("X-Health-Card-Chunks") ?? "1") || 1;
  const svgs = [await first.text()];
  for (let chunk = 2; chunk <= chunks; chunk += 1) {
    svgs.push(await (await fetchOk(`${base(id)}/qr.svg?chunk=${chunk}`)).text());
  }
  // Data URLs, not object URLs: cached query data outlives the component that made it.
  return svgs.map((svg) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
}

async function download(id: string, name: string) {
  const response = await fetchOk(base(id));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = `${name}.smart-health-card`;
  link.click();
  URL.revokeObjectURL(url);
}

export function HealthCardSection({
  patientId,
  childName,
}: {
  patientId: string;
  childName: string;
}) {
  const qr = useQuery({
    queryKey: ["patients", patientId, "health-card", "qr"],
    queryFn: () => loadQrCodes(patientId),
    retry: false,
    staleTime: 5 * 60_000,
  });
  return (
    <Stack gap="sm">
      <Text size="sm">
        A verifiable copy of the vaccination record that another clinic or a school can scan.
      </Text>
      {qr.isPending ? (
        <LoadingState label="Loading the health card" rows={3} />
      ) : qr.error ? (
        <ErrorAlert error={qr.error} onRetry={() => qr.refetch()} />
      ) : (
        <Group gap="md">
          {qr.data.map((url, index) => (
            <Image
              key={url}
              src={url}
              w={220}
              h={220}
              alt={`Health card QR code${qr.data.length > 1 ? ` ${index + 1} of ${qr.data.length}` : ""} for ${childName}`}
            />
          ))}
        </Group>
      )}
      <Button
        variant="default"
        onClick={() => download(patientId, childName.replace(/\s+/g, "-"))}
        style={{ alignSelf: "flex-start" }}
      >
        Download health card
      </Button>
    </Stack>
  );
}

/** "Download CSV": fetches with the session's token (never in the URL) and saves a Blob. */
import { Button, type ButtonProps } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { authFetch } from "@/api/client";
import { apiErrorText } from "@/api/errors";

type Props = ButtonProps & {
  /** API path with its query, e.g. `/api/v1/immunizations/due-list?format=csv&window=30`. */
  path: string;
  /** Suggested file name when the server sends none. */
  filename: string;
  label?: string;
};

function nameFrom(disposition: string | null, fallback: string): string {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

export function CsvDownloadButton({ path, filename, label = "Download CSV", ...rest }: Props) {
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const response = await authFetch(path, { headers: { Accept: "text/csv" } });
      if (!response.ok) {
        const body = await response.json().catch(() => null);
        throw body ?? new Error(`The download failed (${response.status})`);
      }
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = document.createElement("a");
      link.href = url;
      link.download = nameFrom(response.headers.get("Content-Disposition"), filename);
      document.body.appendChild(link);
      link.click();
      link.remove();
      // Revoked later: some browsers read the Blob after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      notifications.show({ color: "red", title: "Download failed", message: apiErrorText(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button variant="default" onClick={download} loading={busy} {...rest}>
      {label}
    </Button>
  );
}

/** Read what the test SMTP server received (scripts/e2e_server.py writes one JSON file a message). */
import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";

export type Mail = {
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  received_at: string;
};

const MAIL_DIR = resolve(
  process.env.E2E_MAIL_DIR ?? join(import.meta.dirname, "..", "..", "test-results", "mail"),
);

async function files(): Promise<string[]> {
  try {
    // Names sort by arrival; dot-files are messages still being written.
    return (await readdir(MAIL_DIR))
      .filter((n) => n.endsWith(".json") && !n.startsWith("."))
      .sort();
  } catch {
    return [];
  }
}

/** The messages already received: pass to latestMail() to wait for a newer one. */
export async function mailMark(): Promise<Set<string>> {
  return new Set(await files());
}

/** The newest message to `to` (not in `after`), polling until one arrives or the time is up. */
export async function latestMail(
  to: string,
  {
    after = new Set<string>(),
    timeoutMs = 15_000,
  }: { after?: Set<string>; timeoutMs?: number } = {},
): Promise<Mail> {
  const address = to.toLowerCase();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const name of (await files()).reverse()) {
      if (after.has(name)) continue;
      const mail = JSON.parse(await readFile(join(MAIL_DIR, name), "utf8")) as Mail;
      if (mail.to.includes(address)) return mail;
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`no email to ${to} within ${timeoutMs} ms in ${MAIL_DIR}`);
}

/** The first link in a message that points at `path` (e.g. "/reset-password"). */
export function linkIn(mail: Mail, path: string): string {
  const match = new RegExp(`https?://[^\\s"'<>]+${path}\\?[^\\s"'<>]+`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in "${mail.subject}"`);
  return match[0].replace(/&amp;/g, "&");
}

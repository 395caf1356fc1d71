// Times how long a child's page takes to show in Chromium: sign in once, then open the page
// URL afresh N times and wait for its h1. Prints one JSON line; run by scripts/bench_web.py.
//
//   node frontend/scripts/time-child-page.mjs <base-url> <email> <password> [runs]
import { chromium } from "playwright-core";

const [baseUrl, email, password, runsArg] = process.argv.slice(2);
if (!password) {
  console.error("usage: node time-child-page.mjs <base-url> <email> <password> [runs]");
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
// The build contract's Chromium: Debian's, never a downloaded one.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

async function api(path, init = {}) {
  const response = await fetch(`${baseUrl}/api/v1${path}`, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** The first child of the clinic, found through the API (the page under test shows its name). */
async function firstChild() {
  const tokens = await api("/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  const page = await api("/patients?size=1", {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  const child = page.items[0];
  return { id: child.id, name: `${child.first_name} ${child.last_name}` };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Milliseconds from asking for the URL to `heading` visible, per run; null if it never shows. */
async function timeRuns(page, url, heading, count) {
  const timings = [];
  for (let run = 0; run < count; run += 1) {
    // A fresh load of the URL (a deep link or a reload), the session restored from the tab.
    await page.goto("about:blank");
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    try {
      await heading.waitFor({ state: "visible", timeout: 15_000 });
    } catch {
      return null;
    }
    timings.push(performance.now() - started);
    const landed = new URL(page.url()).pathname;
    if (landed !== new URL(url).pathname) {
      throw new Error(`opening ${url} landed on ${landed}: the session was not restored`);
    }
  }
  return timings;
}

const child = await firstChild();
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").first().fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  const url = `${baseUrl}/children/${child.id}`;
  // The page's h1 is the child's name; while the page is still a stub, any h1 stands in.
  let named = true;
  let timings = await timeRuns(page, url, page.locator("h1", { hasText: child.name }), runs);
  if (!timings) {
    named = false;
    timings = await timeRuns(page, url, page.locator("h1").first(), runs);
  }
  if (!timings) throw new Error(`no h1 became visible on ${url}`);
  console.log(
    JSON.stringify({
      url,
      child: child.name,
      h1: ((await page.locator("h1").first().textContent()) ?? "").trim(),
      h1_is_child_name: named,
      runs_ms: timings.map((ms) => Math.round(ms)),
      median_ms: Math.round(median(timings)),
    }),
  );
} finally {
  await browser.close();
}

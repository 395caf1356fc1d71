/** A full-page screenshot of each page, kept as an artifact in test-results/screenshots/. */
import { join } from "node:path";
import type { Page } from "@playwright/test";

const DIR = join(import.meta.dirname, "..", "..", "test-results", "screenshots");

export async function snap(page: Page, name: string): Promise<void> {
  // Fonts and lazy chunks settle before the picture.
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: join(DIR, `${name}.png`), fullPage: true });
}

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * On a developer's machine without Chromium the browser test is skipped with
 * a note saying how to get it; in CI (which installs it) a missing browser
 * fails the run instead, so the test cannot silently stop running there.
 */
export function browserTestSkipped(): boolean {
  // .ci/run's PostgreSQL run drives the browser; its PGlite run leaves it to that one
  // (RAPPORT_TEST_SHARE, packages/sdk/test/ci-share.ts): the browser side does not depend on the database.
  if (process.env.RAPPORT_TEST_SHARE === 'pglite') return true;
  if (existsSync(CHROMIUM_PATH)) return false;
  if (process.env.CI) throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  console.warn(`Skipping the browser test: no Chromium at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH to run it.`);
  return true;
}

/**
 * Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it):
 * Playwright's own browser download cannot be fetched here. The flags keep it
 * quiet and self-contained: no sandbox (CI runs as root), no GPU, no update
 * or background traffic. Playwright gives each launch a fresh profile.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

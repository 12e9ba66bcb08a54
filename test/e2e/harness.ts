/**
 * The console in a real browser against a real server: `useConsole()` at the top of a test file
 * starts an app on a temporary data dir (serving the built console) and a headless Chromium;
 * `open(path)` gives a page already signed in with the admin token (or another one), and `shot()`
 * saves a screenshot to test-artifacts/console/ for a person to look at.
 *
 *   const ui = useConsole();
 *   test('...', async () => {
 *     const page = await ui().open('/jobs');
 *     await page.getByRole('button', { name: 'New job' }).click();
 *     await ui().shot(page, 'jobs');
 *   });
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { REPO_ROOT, startTestApp, type StartOptions, type TestApp } from '../graphql/helpers.js';
import { launchBrowser } from './browser.js';

export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'test-artifacts', 'console');

/** describe() when a browser is there; otherwise the suite is skipped (the setup printed why). */
export const describeInBrowser = inject('chromiumPath') ? describe : describe.skip;

export interface ConsoleHarness {
  api: TestApp;
  browser: Browser;
  /** A fresh page (own storage) at `pathname`, signed in with `token` (admin by default; null: signed out). */
  open(pathname: string, token?: string | null): Promise<Page>;
  /** Saves a full-page screenshot as test-artifacts/console/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
}

export function useConsole(options: StartOptions = {}): () => ConsoleHarness {
  let harness: ConsoleHarness | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    if (!inject('chromiumPath')) return;
    const api = await startTestApp(options);
    const browser = await launchBrowser();
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    harness = {
      api,
      browser,
      async open(pathname, token = api.adminToken) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        contexts.push(context);
        if (token) {
          await context.addInitScript((secret) => {
            if (!sessionStorage.getItem('jobcenter.test.seeded')) {
              localStorage.setItem('jobcenter.token', secret);
              sessionStorage.setItem('jobcenter.test.seeded', '1');
            }
          }, token);
        }
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        (page as Page & { problems?: string[] }).problems = problems;
        await page.goto(`${api.origin}${pathname}`);
        return page;
      },
      async shot(page, name) {
        await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
      },
    };
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await harness?.browser.close();
    await harness?.api.stop();
  });
  return () => {
    if (!harness) throw new Error('useConsole(): the harness is not running (no browser?)');
    return harness;
  };
}

/** Uncaught errors the page threw so far: a test can assert there were none. */
export function pageErrors(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

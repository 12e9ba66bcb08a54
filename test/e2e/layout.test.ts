/**
 * The console's frame on every page, at the laptop sizes it is built for: no horizontal scrolling of
 * the page, no uncaught errors, navigation by keyboard with the current page marked, deep links that
 * survive a reload, and the live indicator going Reconnecting and back to Live when the server drops
 * its WebSocket connections.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole({ env: { JOBCENTER_CONCURRENCY: '4' } });

const PAGES = ['/jobs', '/schedules', '/llm', '/metrics', '/audit', '/alerts', '/budgets'];
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
];
const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'Europe/Amsterdam' };

/** Something on every page, with long names and messages where they could push a page wide. */
async function seed(): Promise<void> {
  const api = ui().api;
  const enqueue = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
  for (const payload of [{ ms: 1 }, { ms: 1, steps: 3 }, { ms: 1, fatal: true }]) {
    await api.data(enqueue, { input: { type: 'sleep', payload, maxAttempts: 1 } });
  }
  await api.data(enqueue, { input: { type: 'summarize', payload: { text: 'A long support thread about invoices. '.repeat(20) } } });
  const create = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`;
  await api.data(create, {
    input: {
      name: 'weekly customer-satisfaction digest for the enterprise support organisation (EMEA and APAC)',
      description: 'Summarises every ticket thread of the week and mails the result to the support leads. '.repeat(3),
      taskType: 'sleep',
      payload: { ms: 1 },
      trigger: DAILY,
    },
  });
  const failing = (
    await api.data(create, {
      input: { name: 'nightly export that always fails', taskType: 'sleep', payload: { ms: 1, fatal: true }, trigger: DAILY, retryPolicy: { maxRetries: 0 }, alertAfterFailures: 1 },
    })
  ).createSchedule.id;
  await api.data(`mutation($id: ID!) { runScheduleNow(id: $id) { id } }`, { id: failing });
  await expect.poll(async () => (await api.data(`{ alerts(open: true) { totalCount } }`)).alerts.totalCount, { timeout: 20_000 }).toBe(1);
  await expect.poll(async () => (await api.data(`{ llmCalls { totalCount } }`)).llmCalls.totalCount, { timeout: 20_000 }).toBeGreaterThan(0);
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const indicator = (page: Page) => nav(page).getByRole('status');

/** Tabs from the top of the page until the nav link to `path` has focus, then follows it with Enter. */
async function goByKeyboard(page: Page, path: string): Promise<void> {
  // A click on the brand (not focusable) moves the point Tab starts from to the top of the page.
  await nav(page).locator('.brand').click();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    if (focused === path) {
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe(path);
      return;
    }
  }
  throw new Error(`Tab never reached the link to ${path}`);
}

/** The page has drawn its content: a heading, and nothing left loading in the main area. */
async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await expect.poll(() => page.locator('main .state-loading').count(), { timeout: 15_000 }).toBe(0);
}

const horizontalOverflow = (page: Page) =>
  page.evaluate(() => {
    const el = document.scrollingElement!;
    return el.scrollWidth - el.clientWidth;
  });

describeInBrowser('layout', () => {
  test('every page at 1280x800 and 1440x900: no horizontal scroll, no errors, keyboard navigation with the current page marked', async () => {
    await seed();
    const page = await ui().open('/jobs');
    await indicator(page).filter({ hasText: 'Live' }).waitFor();
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const path of PAGES) {
        await goByKeyboard(page, path);
        await settled(page);
        const link = nav(page).locator(`a[href="${path}"]`);
        expect(await link.getAttribute('aria-current'), `${path}: the nav marks the current page`).toBe('page');
        expect(await horizontalOverflow(page), `${path} at ${viewport.width}x${viewport.height} scrolls sideways`).toBeLessThanOrEqual(0);
        expect(pageErrors(page), `${path}: page errors`).toEqual([]);
      }
    }
    await page.context().close();
  }, 90_000);

  test('every page is a deep link: loading its URL directly shows it', async () => {
    for (const path of PAGES) {
      const page = await ui().open(path);
      // The server must answer a console path with the console, not with something of its own.
      expect(await page.evaluate(() => `${document.contentType}: ${document.body?.innerText.slice(0, 80)}`), `${path} deep link`).toMatch(/^text\/html: /);
      await settled(page);
      expect(await nav(page).locator(`a[href="${path}"]`).getAttribute('aria-current'), `${path} deep link`).toBe('page');
      expect(pageErrors(page)).toEqual([]);
      await page.context().close();
    }
  }, 60_000);

  test('the live indicator shows Reconnecting while the server drops its sockets, then Live again without a reload; live updates resume', async () => {
    const server = ui().api.app.server!.httpServer;
    const sockets = new Set<Duplex>();
    const record = (_req: IncomingMessage, socket: Duplex) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    };
    server.on('upgrade', record);
    try {
      const feed = ui().api.app.live;
      // Pages of earlier tests were closed, but the server drops their subscriptions only when it
      // sees their sockets close: the baseline is taken once that count has stopped moving.
      const idle = await settledCount(() => feed.subscriberCount);
      const page = await ui().open('/alerts?show=all');
      await indicator(page).filter({ hasText: 'Live' }).waitFor();
      // The nav's alert signal and the alerts page's own subscription.
      await expect.poll(() => feed.subscriberCount).toBeGreaterThanOrEqual(idle + 2);
      await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
      expect(sockets.size).toBeGreaterThan(0);

      // Down: the sockets are cut and new ones refused until the page has shown it.
      const upgrades = server.listeners('upgrade') as ((...args: unknown[]) => void)[];
      server.removeAllListeners('upgrade');
      server.on('upgrade', (_req: IncomingMessage, socket: Duplex) => socket.destroy());
      for (const socket of sockets) socket.destroy();
      await indicator(page).filter({ hasText: 'Reconnecting' }).waitFor();
      await expect.poll(() => feed.subscriberCount).toBeLessThanOrEqual(idle);

      // Up again: the client reconnects by itself.
      server.removeAllListeners('upgrade');
      for (const listener of upgrades) server.on('upgrade', listener);
      await indicator(page).filter({ hasText: 'Live' }).waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
      await expect.poll(() => feed.subscriberCount).toBeGreaterThanOrEqual(idle + 2);

      // Subscriptions came back with the socket: a new alert reaches the badge and the list.
      const before = (await ui().api.data(`{ alerts(open: true) { totalCount } }`)).alerts.totalCount as number;
      const { id } = (
        await ui().api.data(`mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`, {
          input: { name: 'fails after the reconnect', taskType: 'sleep', payload: { ms: 1, fatal: true }, trigger: DAILY, retryPolicy: { maxRetries: 0 }, alertAfterFailures: 1 },
        })
      ).createSchedule;
      await ui().api.data(`mutation($id: ID!) { runScheduleNow(id: $id) { id } }`, { id });
      await page.locator('tr.alert-row').filter({ hasText: 'fails after the reconnect' }).waitFor({ timeout: 20_000 });
      await expect.poll(() => nav(page).locator('.nav-badge').textContent()).toBe(String(before + 1));
      expect(pageErrors(page)).toEqual([]);
    } finally {
      server.off('upgrade', record);
    }
  }, 60_000);
});

/** `read()` once it has kept the same value for a second (polled every 100 ms, for at most 15 s). */
async function settledCount(read: () => number): Promise<number> {
  let value = read();
  let sameSince = Date.now();
  const giveUpAt = Date.now() + 15_000;
  while (Date.now() - sameSince < 1000 && Date.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = read();
    if (now !== value) {
      value = now;
      sameSince = Date.now();
    }
  }
  return value;
}

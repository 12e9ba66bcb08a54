/**
 * The audit log and alerts pages in a real browser: entries of changes made through the API with
 * their actor and diff, filters kept in the URL, deep links; alerts raised by a failing schedule,
 * the navigation badge, acknowledging one and several.
 */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole({ env: { JOBCENTER_CONCURRENCY: '4' } });

/** Never due while the tests run. */
const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' };
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id name } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateScheduleInput!) { updateSchedule(id: $id, input: $input) { id } }`;
const RUN_NOW = `mutation($id: ID!) { runScheduleNow(id: $id) { id } }`;
const OPEN_ALERTS = `{ alerts(open: true) { totalCount edges { node { id scheduleId } } } }`;

const createSchedule = async (input: Record<string, unknown>) =>
  (await ui().api.data(CREATE, { input: { taskType: 'sleep', payload: { ms: 1 }, trigger: DAILY, ...input } })).createSchedule as { id: string; name: string };

/** A schedule whose every run fails, alerting at the first failure; run once. */
async function failingSchedule(name: string): Promise<string> {
  const { id } = await createSchedule({ name, payload: { ms: 1, fatal: true }, retryPolicy: { maxRetries: 0 }, alertAfterFailures: 1 });
  await ui().api.data(RUN_NOW, { id });
  await expect
    .poll(async () => (await ui().api.data(OPEN_ALERTS)).alerts.edges.some((e: any) => e.node.scheduleId === id), { timeout: 20_000 })
    .toBe(true);
  return id;
}

/** Live subscriptions the server holds (each registers one change-feed listener). */
const listeners = () => ui().api.app.live.subscriberCount;
/** Opens `path` and waits until the server holds `subscriptions` more of them: events from now on reach the page. */
async function openLive(path: string, subscriptions: number): Promise<Page> {
  const before = listeners();
  const page = await ui().open(path);
  await expect.poll(listeners, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + subscriptions);
  return page;
}

const auditRows = (page: Page) => page.locator('tr.audit-row');
const badge = (page: Page) => page.getByRole('navigation', { name: 'Main' }).locator('.nav-badge');

describeInBrowser('audit log', () => {
  test('entries of schedule changes show the actor and the diff; action filter in the URL; target deep link; live', async () => {
    const nightly = await createSchedule({ name: 'nightly report' });
    await ui().api.data(UPDATE, { id: nightly.id, input: { name: 'nightly digest', trigger: { ...DAILY, cron: '30 4 * * *' } } });
    const other = await createSchedule({ name: 'other' });

    const page = await ui().open('/audit');
    await auditRows(page).first().waitFor();
    await expect.poll(() => auditRows(page).count()).toBe(3);
    // Newest first.
    expect(await auditRows(page).locator('.audit-action').allTextContents()).toEqual(['schedule.create', 'schedule.update', 'schedule.create']);
    const update = auditRows(page).nth(1);
    expect(await update.textContent()).toContain('admin');
    expect(await update.locator('.audit-summary').textContent()).toBe('2 fields: name, trigger.cron');

    // Keyboard: focus the row, Enter expands it; the diff reads field: before → after.
    await update.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => update.getAttribute('aria-expanded')).toBe('true');
    const diff = page.getByRole('table', { name: 'Changes' });
    await diff.waitFor();
    const name = diff.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'name', exact: true }) });
    expect(await name.locator('td.before').textContent()).toBe('"nightly report"');
    expect(await name.locator('td.after').textContent()).toBe('"nightly digest"');
    const cron = diff.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'trigger.cron' }) });
    expect(await cron.locator('td.before').textContent()).toBe('"0 3 * * *"');
    expect(await cron.locator('td.after').textContent()).toBe('"30 4 * * *"');
    // The target still exists: a link to it, by its current name.
    const open = page.getByRole('link', { name: 'Open schedule “nightly digest”' });
    await open.waitFor();
    expect(await open.getAttribute('href')).toBe(`/schedules/${nightly.id}`);
    // The raw JSON, folded.
    await page.getByRole('button', { name: /Raw JSON/ }).click();
    expect(await page.locator('.audit-detail pre').textContent()).toContain('"from": "nightly report"');
    await ui().shot(page, 'audit');
    // Space folds it again.
    await update.focus();
    await page.keyboard.press('Space');
    await diff.waitFor({ state: 'detached' });

    // Filter by action: the list narrows and the URL says so.
    await page.getByText('Action: Any action').click();
    await page.getByRole('checkbox', { name: 'schedule.update' }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('action')).toBe('schedule.update');
    await expect.poll(() => auditRows(page).count()).toBe(1);
    expect(await page.getByText('1–1 of 1 entries').count()).toBe(1);
    await page.keyboard.press('Escape');

    // A deep link by target (the schedules page links there) lists that schedule's entries only.
    // Its subscriptions: the nav's alert signal, the page's schedule and job signals.
    const deep = await openLive(`/audit?targetId=${nightly.id}`, 3);
    await expect.poll(() => auditRows(deep).count()).toBe(2);
    expect(await deep.getByLabel('Target id').inputValue()).toBe(nightly.id);
    // Live: a change made elsewhere shows up without a reload.
    await ui().api.data(UPDATE, { id: nightly.id, input: { description: 'sent at 04:30' } });
    await expect.poll(() => auditRows(deep).count(), { timeout: 10_000 }).toBe(3);
    expect(await auditRows(deep).first().locator('.audit-summary').textContent()).toBe('description: null → "sent at 04:30"');

    // A deleted target is said to be gone, not linked.
    await ui().api.data(`mutation($id: ID!) { deleteSchedule(id: $id) }`, { id: other.id });
    const gone = await ui().open(`/audit?targetId=${other.id}&action=schedule.create`);
    await auditRows(gone).first().click();
    await gone.getByText('(no longer exists)').waitFor();
    // Every filter reads back from the URL; nothing matching is said so.
    const jobs = await ui().open('/audit?targetType=job&actor=admin,ops');
    await jobs.getByText('No entry matches these filters.').waitFor();
    expect(await jobs.getByLabel('Target type').inputValue()).toBe('job');
    expect(await jobs.getByLabel('Actor').inputValue()).toBe('admin, ops');
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(deep)).toEqual([]);
  }, 60_000);
});

describeInBrowser('audit log: typed filters and pages', () => {
  test('typing an actor filters as you type (kept in the URL); Clear empties it; Older and Newer walk the pages', async () => {
    const enqueue = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
    // Queued far ahead: entries without runs.
    for (let i = 0; i < 52; i++) await ui().api.data(enqueue, { input: { type: 'sleep', payload: { ms: 1 }, delayMs: 2_000_000_000 } });
    const total = (await ui().api.data(`{ auditLog(filter: { action: ["job.enqueue"] }) { totalCount } }`)).auditLog.totalCount as number;
    expect(total).toBeGreaterThanOrEqual(52);

    const page = await ui().open('/audit?action=job.enqueue');
    await page.getByText(`1–50 of ${total} entries`).waitFor();
    await page.getByRole('button', { name: 'Older →' }).click();
    await page.getByText(`51–${total} of ${total} entries`).waitFor();
    expect(await auditRows(page).count()).toBe(total - 50);
    await page.getByRole('button', { name: '← Newer' }).click();
    await page.getByText(`1–50 of ${total} entries`).waitFor();

    const actor = page.getByLabel('Actor');
    await actor.pressSequentially('nobody, else');
    await expect.poll(() => new URL(page.url()).searchParams.get('actor')).toBe('nobody,else');
    await page.getByText('No entry matches these filters.').waitFor();
    // What was typed stays as typed.
    expect(await actor.inputValue()).toBe('nobody, else');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => actor.inputValue()).toBe('');
    expect(new URL(page.url()).search).toBe('');
    await auditRows(page).first().waitFor();
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);
});

describeInBrowser('alerts', () => {
  test('failing schedules raise alerts shown in /alerts and the nav badge; acknowledging one and several clears the badge and shows who', async () => {
    // Its subscriptions: the nav's alert signal and the page's own.
    const page = await openLive('/alerts', 2);
    await page.getByText('No open alert.').waitFor();
    expect(await badge(page).count()).toBe(0);

    // The badge and the list follow live (alert events are the signal).
    const first = await failingSchedule('flaky export');
    await expect.poll(() => badge(page).textContent(), { timeout: 10_000 }).toBe('1');
    const second = await failingSchedule('flaky import');
    await expect.poll(() => badge(page).textContent(), { timeout: 10_000 }).toBe('2');
    const rows = page.locator('tr.alert-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(2);
    const exportRow = rows.filter({ hasText: 'flaky export' });
    expect(await exportRow.getByText('Consecutive failures').count()).toBe(1);
    expect(await exportRow.locator('.alert-message').textContent()).toContain('asked to fail (fatal)');
    expect(await exportRow.getByRole('link', { name: 'flaky export' }).getAttribute('href')).toBe(`/schedules/${first}`);

    // Several: select by checkbox, acknowledge the selection.
    await exportRow.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Acknowledge selected (1)' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => badge(page).textContent()).toBe('1');

    // Both states side by side.
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('show')).toBe('all');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'flaky export' }).locator('.alert-acked-by').textContent()).toBe('admin');
    await ui().shot(page, 'alerts');

    // One: its own button; the badge goes away.
    await rows.filter({ hasText: 'flaky import' }).getByRole('button', { name: 'Acknowledge' }).click();
    await badge(page).waitFor({ state: 'detached' });
    await expect.poll(() => rows.filter({ hasText: 'flaky import' }).locator('.alert-acked-by').textContent()).toBe('admin');
    expect((await ui().api.data(OPEN_ALERTS)).alerts.totalCount).toBe(0);

    // Deep link by schedule.
    const deep = await ui().open(`/alerts?scheduleId=${second}&show=acknowledged`);
    await expect.poll(() => deep.locator('tr.alert-row').count()).toBe(1);
    expect(await deep.locator('tr.alert-row').textContent()).toContain('flaky import');
    expect(await deep.getByLabel('Schedule').inputValue()).toBe(second);
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(deep)).toEqual([]);
  }, 60_000);
});

describeInBrowser('a stalled scheduler', () => {
  test('its alert, raised with no schedule event, reaches the badge and the list live, and leaves when resolved', async () => {
    const page = await openLive('/alerts', 2);
    const before = Number((await badge(page).count()) ? await badge(page).textContent() : 0);
    const { store } = ui().api.app;
    await store.alerts.insert({
      id: `stall-${Date.now()}`,
      orgId: 'default',
      kind: 'SCHEDULER_STALLED',
      message: 'no scheduler heartbeat for 45 s',
      raisedAt: Date.now(),
      dedupeKey: 'scheduler-stalled',
    });
    await expect.poll(() => badge(page).textContent(), { timeout: 10_000 }).toBe(String(before + 1));
    await page.getByText('no scheduler heartbeat for 45 s').waitFor();
    await store.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', Date.now());
    await page.getByText('no scheduler heartbeat for 45 s').waitFor({ state: 'detached', timeout: 10_000 });
    if (before === 0) await badge(page).waitFor({ state: 'detached' });
    else await expect.poll(() => badge(page).textContent()).toBe(String(before));
  });
});

describeInBrowser('permissions', () => {
  test('an audit-only token reads the log without links it may not follow; a read-only token sees alerts without acknowledging', async () => {
    const auditor = await ui().api.token('default', ['audit:read'], 'auditor');
    const page = await ui().open('/audit?action=schedule.create', auditor);
    await auditRows(page).first().waitFor();
    await auditRows(page).first().focus();
    await page.keyboard.press('Enter');
    await page.getByText('(your token cannot read schedules)').first().waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);

    const reader = await ui().api.token('default', ['schedules:read'], 'reader');
    const alerts = await ui().open('/alerts?show=all', reader);
    await alerts.locator('tr.alert-row').first().waitFor();
    await alerts.getByRole('navigation', { name: 'Main' }).getByText('reader').waitFor();
    expect(await alerts.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(0);
    expect(await alerts.getByRole('button', { name: /Acknowledge selected/ }).count()).toBe(0);
    expect(await alerts.getByRole('checkbox').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(alerts)).toEqual([]);
  }, 60_000);
});

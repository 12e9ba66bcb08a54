/** The schedules page in a real browser: create with a live preview, server field errors, run now, on/off, delete. */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole();

const SCHEDULES = `query { schedules { totalCount edges { node { id name enabled nextRunAt trigger { cron timezone } payload } } } }`;

async function schedules() {
  return (await ui().api.data<{ schedules: { totalCount: number; edges: { node: any }[] } }>(SCHEDULES)).schedules;
}

const drawer = (page: Page) => page.getByRole('dialog');

describeInBrowser('schedules', () => {
  test('create with a cron preview, an invalid cron refused under its field, save, run now, switch off and on, delete', async () => {
    const page = await ui().open('/schedules');
    await page.getByText('No schedules yet').waitFor();

    // A new schedule: the cron's next five fire times, in the schedule's zone.
    await page.getByRole('button', { name: 'New schedule' }).click();
    await drawer(page).getByRole('heading', { name: 'New schedule' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/schedules/new');
    const name = drawer(page).getByLabel('Name', { exact: true });
    await name.fill('morning digest');
    await drawer(page).getByLabel('Task type').selectOption('sleep');
    const zone = drawer(page).getByRole('combobox', { name: 'Time zone' });
    await zone.fill('Asia/Shang');
    await page.getByRole('option', { name: /Asia\/Shanghai/ }).waitFor();
    await zone.press('Enter');
    expect(await zone.inputValue()).toBe('Asia/Shanghai');
    const cron = drawer(page).getByLabel('Cron expression');
    await cron.fill('0 9 * * *');
    const preview = drawer(page).getByRole('region', { name: 'Next fire times' });
    const previewRows = preview.locator('tbody tr');
    await expect.poll(() => previewRows.count()).toBe(5);
    await preview.getByRole('columnheader', { name: /Asia\/Shanghai \(UTC\+08:00\)/ }).waitFor();
    for (const text of await previewRows.locator('td:first-child').allTextContents()) expect(text).toContain('09:00');
    expect(await drawer(page).getByText('At 09:00, every day, Asia/Shanghai time').count()).toBe(1);
    await drawer(page).getByRole('spinbutton', { name: /^ms/ }).fill('300');
    await ui().shot(page, 'schedules-editor');

    // An impossible hour: the server's message under the cron field, and saving stores nothing.
    await cron.fill('0 25 * * *');
    const cronError = drawer(page).locator(`#${await cron.getAttribute('id')}-error`);
    await cronError.waitFor();
    expect(await cronError.textContent()).toMatch(/invalid cron expression "0 25 \* \* \*"/);
    expect(await cron.getAttribute('aria-invalid')).toBe('true');
    await drawer(page).getByRole('button', { name: 'Create schedule' }).click();
    await drawer(page).getByText(/Not saved/).waitFor();
    expect(await cronError.textContent()).toMatch(/invalid cron expression/);
    expect((await schedules()).totalCount).toBe(0);
    expect(await name.inputValue()).toBe('morning digest');
    expect(new URL(page.url()).pathname).toBe('/schedules/new');

    // Fixed, it saves, and the drawer becomes the schedule's.
    await cron.fill('0 9 * * *');
    await expect.poll(() => previewRows.count()).toBe(5);
    await drawer(page).getByRole('button', { name: 'Create schedule' }).click();
    await drawer(page).getByRole('heading', { name: 'morning digest' }).waitFor();
    const [saved] = (await schedules()).edges.map((e) => e.node);
    expect(saved).toMatchObject({ name: 'morning digest', enabled: true, trigger: { cron: '0 9 * * *', timezone: 'Asia/Shanghai' }, payload: { ms: 300 } });
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/schedules/${saved.id}`);

    // In the table, with its trigger in words and its next run.
    await drawer(page).getByRole('button', { name: 'Close' }).click();
    await drawer(page).waitFor({ state: 'detached' });
    const row = page.getByRole('row', { name: 'Schedule morning digest' });
    await row.waitFor();
    expect(await row.textContent()).toContain('At 09:00, every day');
    expect(await row.locator('.next-cell time').getAttribute('datetime')).toBe(saved.nextRunAt);

    // Run now: the run shows up in the runs panel and follows its job to SUCCEEDED.
    await row.focus();
    await page.keyboard.press('Enter');
    await drawer(page).getByRole('heading', { name: 'morning digest' }).waitFor();
    await drawer(page).getByRole('button', { name: 'Run now' }).click();
    const runs = drawer(page).getByRole('region', { name: 'Runs' });
    const run = runs.locator('tbody tr[data-run-id]').first();
    await run.waitFor();
    expect(await run.textContent()).toContain('Run now');
    await runs.locator('tr[data-status="SUCCEEDED"]').waitFor({ timeout: 20_000 });
    expect(await run.getByRole('link', { name: /Job/ }).getAttribute('href')).toMatch(/^\/jobs\/.+/);
    // Its cost and the run's, as the API sums them (a sleep calls no model: nothing, shown as $0.00).
    const { schedule: costs } = await ui().api.data(`query($id: ID!) { schedule(id: $id) { costUsd runs(first: 1) { edges { node { costUsd } } } } }`, { id: saved.id });
    expect([costs.costUsd, costs.runs.edges[0].node.costUsd]).toEqual([0, 0]);
    await expect.poll(() => drawer(page).getByTestId('schedule-cost').textContent()).toBe('$0.00');
    expect(await run.getByTestId('run-cost').textContent()).toBe('$0.00');

    // The switch in the drawer turns it off; the one in the table turns it back on.
    const drawerSwitch = drawer(page).getByRole('switch', { name: 'Enabled: morning digest' });
    await drawerSwitch.click();
    await expect.poll(() => drawerSwitch.getAttribute('aria-checked')).toBe('false');
    await expect.poll(async () => (await schedules()).edges[0]!.node.enabled).toBe(false);
    await page.keyboard.press('Escape');
    await drawer(page).waitFor({ state: 'detached' });
    const tableSwitch = row.getByRole('switch', { name: 'Enabled: morning digest' });
    await expect.poll(() => tableSwitch.getAttribute('aria-checked')).toBe('false');
    expect(await row.textContent()).toContain('Disabled');
    await tableSwitch.click();
    await expect.poll(() => tableSwitch.getAttribute('aria-checked')).toBe('true');
    await expect.poll(async () => (await schedules()).edges[0]!.node.enabled).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/schedules');

    // Delete asks first; going back keeps it, confirming removes it everywhere.
    await row.click();
    await drawer(page).getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete “morning digest”?' });
    await confirm.getByRole('button', { name: 'Go back' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await schedules()).totalCount).toBe(1);
    await drawer(page).getByRole('button', { name: 'Delete' }).click();
    await confirm.getByRole('button', { name: 'Delete schedule' }).click();
    await page.getByText('No schedules yet').waitFor();
    expect((await schedules()).totalCount).toBe(0);
    expect(new URL(page.url()).pathname).toBe('/schedules');
    expect(pageErrors(page)).toEqual([]);
  }, 90_000);

  test('editing shows the server’s payload error on its field, keeps what was typed, and saves once fixed', async () => {
    const { createSchedule } = await ui().api.data<{ createSchedule: { id: string } }>(
      `mutation { createSchedule(input: { name: "hourly nap", taskType: "sleep", payload: { ms: 50 }, trigger: { kind: INTERVAL, intervalSeconds: 3600 } }) { id } }`,
    );
    const page = await ui().open(`/schedules/${createSchedule.id}?enabled=true`);
    await drawer(page).getByRole('heading', { name: 'hourly nap' }).waitFor();
    await drawer(page).getByRole('tab', { name: 'Settings' }).click();
    expect(await drawer(page).getByLabel('Every', { exact: true }).inputValue()).toBe('1');
    expect(await drawer(page).getByLabel('Interval unit').inputValue()).toBe('h');
    expect(await drawer(page).getByLabel('Task type').inputValue()).toBe('sleep');
    // An unchanged interval previews on the schedule's own grid: its first time is the next run.
    const { nextRunAt } = (await ui().api.data(`query($id: ID!) { schedule(id: $id) { nextRunAt } }`, { id: createSchedule.id })).schedule;
    const firstTime = drawer(page).getByRole('region', { name: 'Next fire times' }).locator('tbody tr').first();
    await expect.poll(() => firstTime.getAttribute('title')).toBe(nextRunAt);
    expect(await drawer(page).getByLabel('Task type').evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent)).toMatch(/^sleep/);

    await drawer(page).getByLabel('Name', { exact: true }).fill('hourly nap (long)');
    const ms = drawer(page).getByRole('spinbutton', { name: /^ms/ });
    await ms.fill('99999999');
    await drawer(page).getByRole('button', { name: 'Save changes' }).click();
    await drawer(page).getByText(/Not saved/).waitFor();
    await expect.poll(() => ms.getAttribute('aria-invalid')).toBe('true');
    expect(await drawer(page).locator('.save-problems').textContent()).toContain('Payload › ms');
    await ui().shot(page, 'schedules-editor-errors');
    const node = (await ui().api.data(`query($id: ID!) { schedule(id: $id) { name payload } }`, { id: createSchedule.id })).schedule;
    expect(node).toEqual({ name: 'hourly nap', payload: { ms: 50, steps: 10, failTimes: 0, fatal: false } });
    expect(await drawer(page).getByLabel('Name', { exact: true }).inputValue()).toBe('hourly nap (long)');

    await ms.fill('120');
    await drawer(page).getByRole('button', { name: 'Save changes' }).click();
    await drawer(page).getByRole('heading', { name: 'hourly nap (long)' }).waitFor();
    const after = (await ui().api.data(`query($id: ID!) { schedule(id: $id) { name payload } }`, { id: createSchedule.id })).schedule;
    expect(after).toMatchObject({ name: 'hourly nap (long)', payload: { ms: 120 } });
    // The filter in the URL survived opening and saving.
    expect(new URL(page.url()).search).toBe('?enabled=true');
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);
  test('filters live in the URL; the list and the runs panel follow changes made elsewhere; a failed run is retried', async () => {
    const create = (input: string) => ui().api.data<{ createSchedule: { id: string } }>(`mutation { createSchedule(input: { ${input} }) { id } }`);
    const { createSchedule: failing } = await create(
      'name: "flaky export", description: "Nightly export to the warehouse", taskType: "sleep", payload: { ms: 10, fatal: true }, trigger: { kind: CRON, cron: "30 2 * * 1-5", timezone: "Europe/Berlin" }, retryPolicy: { maxRetries: 0 }, alertAfterFailures: 3',
    );
    await create('name: "paused report", taskType: "sleep", payload: { ms: 10 }, trigger: { kind: INTERVAL, intervalSeconds: 900 }, enabled: false');
    await create('name: "launch reminder", taskType: "sleep", payload: { ms: 10 }, trigger: { kind: ONCE, at: "2031-06-01T07:00:00Z", timezone: "America/New_York" }');

    const page = await ui().open('/schedules');
    const table = page.getByRole('table');
    await page.getByRole('row', { name: 'Schedule flaky export' }).waitFor();
    expect(await page.getByRole('row', { name: 'Schedule paused report' }).textContent()).toContain('Every 15 min');

    // The Disabled chip narrows the list and writes itself to the URL; a reload keeps it.
    await page.getByRole('group', { name: 'Enabled' }).getByRole('button', { name: 'Disabled' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?enabled=false');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    await page.reload();
    await page.getByRole('row', { name: 'Schedule paused report' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('row', { name: 'Schedule flaky export' }).waitFor();

    // Made elsewhere: a new schedule appears, and a failed run shows in its row, without a reload.
    await create('name: "added elsewhere", taskType: "sleep", payload: { ms: 10 }, trigger: { kind: CRON, cron: "*/5 * * * *" }');
    await page.getByRole('row', { name: 'Schedule added elsewhere' }).waitFor();
    await ui().api.data('mutation($id: ID!) { runScheduleNow(id: $id) { id } }', { id: failing.id });
    const failingRow = page.getByRole('row', { name: 'Schedule flaky export' });
    await failingRow.locator('[data-status="FAILED"]').waitFor({ timeout: 20_000 });
    await expect.poll(() => failingRow.locator('td.num').textContent()).toMatch(/^1\s*\/\s*3$/);
    await ui().shot(page, 'schedules-list');

    // Its runs panel shows the error; Retry makes a RETRY run that the panel follows.
    await failingRow.click();
    const runs = drawer(page).getByRole('region', { name: 'Runs' });
    await runs.locator('tr[data-status="FAILED"]').waitFor();
    expect(await runs.textContent()).toContain('asked to fail (fatal)');
    await runs.getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => runs.locator('tr[data-run-id]').count()).toBe(2);
    await expect.poll(() => runs.locator('tr[data-status="FAILED"]').count(), { timeout: 20_000 }).toBe(2);
    expect(await runs.locator('tr[data-run-id]').first().textContent()).toMatch(/Retry.*attempt 2/);
    await ui().shot(page, 'schedules-runs');
    expect(pageErrors(page)).toEqual([]);
  }, 90_000);
});

/** The jobs page and the job drawer in a real browser: live table, New job form, drawer actions. */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole();

const ENQUEUE = `mutation Enqueue($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const STATUS = `query Status($id: ID!) { job(id: $id) { status } }`;

async function enqueueSleep(payload: Record<string, unknown>): Promise<string> {
  const data = await ui().api.data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: { type: 'sleep', payload } });
  return data.enqueueJob.id;
}

async function statusOf(id: string): Promise<string | null> {
  const data = await ui().api.data<{ job: { status: string } | null }>(STATUS, { id });
  return data.job?.status ?? null;
}

async function waitForStatus(id: string, status: string): Promise<void> {
  await expect.poll(() => statusOf(id), { timeout: 15_000 }).toBe(status);
}

/** The open job drawer (the dialog showing a job id). */
function jobDrawer(page: Page, id: string) {
  return page.getByRole('dialog').filter({ hasText: id });
}

async function drawerStatus(page: Page, id: string): Promise<string | null> {
  return jobDrawer(page, id).locator('.drawer-header [data-status]').getAttribute('data-status');
}

async function progressOf(page: Page, id: string): Promise<number> {
  const bar = jobDrawer(page, id).getByRole('progressbar');
  if ((await bar.count()) === 0) return -1;
  return Number(await bar.first().getAttribute('aria-valuenow'));
}

/** The names of the GraphQL operations the page POSTs, in order. */
function recordOperations(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql')) return;
    const name = (JSON.parse(request.postData() ?? '{}') as { operationName?: string }).operationName;
    if (name) names.push(name);
  });
  return names;
}

function row(page: Page, id: string, status?: string) {
  return page.getByRole('row', { name: status ? `Job ${id}, sleep, ${status}` : `Job ${id},` });
}

async function openNewJob(page: Page) {
  await page.getByRole('button', { name: 'New job' }).click();
  const form = page.getByRole('form', { name: 'New job' });
  await form.getByLabel('Task type').selectOption('sleep');
  await form.getByLabel('ms', { exact: false }).first().waitFor();
  return form;
}

describeInBrowser('jobs', () => {
  test('a sleep job enqueued from the New job form shows its progress and succeeds, live', async () => {
    const page = await ui().open('/jobs');
    await page.getByText(/No jobs yet|of \d+/).first().waitFor();
    const form = await openNewJob(page);
    await form.getByLabel(/^ms/).fill('4000');
    await form.getByLabel(/^steps/).fill('10');
    await ui().shot(page, 'jobs-new');
    await form.getByRole('button', { name: 'Enqueue job' }).click();

    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    await jobDrawer(page, id).waitFor();
    // The bar moves without any reload: part of the way first, then all of it.
    await expect.poll(async () => {
      const percent = await progressOf(page, id);
      return percent > 0 && percent < 100;
    }, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => drawerStatus(page, id), { timeout: 10_000 }).toBe('SUCCEEDED');
    expect(await progressOf(page, id)).toBe(100);
    await jobDrawer(page, id).getByText('"sleptMs": 4000').waitFor();
    await jobDrawer(page, id).getByText(/reached step/).first().waitFor();
    await ui().shot(page, 'job-drawer');

    // The table behind the drawer followed too.
    await page.keyboard.press('Escape');
    await row(page, id, 'succeeded').waitFor();
    expect(new URL(page.url()).pathname).toBe('/jobs');
    expect(pageErrors(page)).toEqual([]);
  });

  test("the server's BAD_USER_INPUT shows on the field it names", async () => {
    const page = await ui().open('/jobs');
    const form = await openNewJob(page);
    const ms = form.getByLabel(/^ms/);
    await ms.fill('99999999');
    await form.getByRole('button', { name: 'Enqueue job' }).click();
    await expect.poll(() => ms.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await ms.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
    expect(errorId).toBeTruthy();
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/3600000|3,600,000|too big|less than/i);
    expect(new URL(page.url()).pathname).toBe('/jobs');
    expect(pageErrors(page)).toEqual([]);
  });

  test('a running job is cancelled from its drawer', async () => {
    const id = await enqueueSleep({ ms: 60_000, steps: 60 });
    await waitForStatus(id, 'RUNNING');
    const page = await ui().open(`/jobs/${id}`);
    await expect.poll(() => drawerStatus(page, id)).toBe('RUNNING');
    await jobDrawer(page, id).getByRole('button', { name: 'Cancel job' }).click();
    await expect.poll(() => drawerStatus(page, id), { timeout: 10_000 }).toBe('CANCELLED');
    expect(await statusOf(id)).toBe('CANCELLED');
    expect(pageErrors(page)).toEqual([]);
  });

  test('a failed job is retried from its drawer as a new job that links back', async () => {
    const id = await enqueueSleep({ ms: 10, steps: 1, fatal: true });
    await waitForStatus(id, 'FAILED');
    const page = await ui().open(`/jobs/${id}`);
    const drawer = jobDrawer(page, id);
    await drawer.getByText('asked to fail (fatal)').first().waitFor();
    await drawer.getByRole('button', { name: 'Retry', exact: true }).click();

    await page.waitForURL((url) => /\/jobs\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(id));
    const newId = new URL(page.url()).pathname.split('/').pop()!;
    const retry = jobDrawer(page, newId);
    await retry.getByRole('region', { name: 'Related' }).getByRole('link', { name: new RegExp(id.slice(-8)) }).waitFor();
    await expect.poll(() => drawerStatus(page, newId), { timeout: 10_000 }).toBe('FAILED');
    expect(newId).not.toBe(id);
    expect(pageErrors(page)).toEqual([]);
  });

  test('bulk delete asks first, deletes the finished jobs selected and says what it did', async () => {
    const done = [await enqueueSleep({ ms: 0, steps: 1 }), await enqueueSleep({ ms: 0, steps: 1 })];
    const running = await enqueueSleep({ ms: 60_000, steps: 60 });
    for (const id of done) await waitForStatus(id, 'SUCCEEDED');
    await waitForStatus(running, 'RUNNING');

    const page = await ui().open('/jobs');
    const operations = recordOperations(page);
    for (const id of [...done, running]) await page.getByRole('checkbox', { name: `Select job ${id}` }).check({ timeout: 10_000 });
    await page.getByRole('toolbar', { name: 'Selected jobs' }).getByText('3 selected').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Delete (2)' }).click({ timeout: 10_000 });
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Delete 2 jobs?').waitFor({ timeout: 10_000 });
    await ui().shot(page, 'jobs-bulk-delete');
    await confirm.getByRole('button', { name: 'Delete' }).click({ timeout: 10_000 });

    await page.getByRole('status').filter({ hasText: '2 jobs deleted.' }).waitFor({ timeout: 10_000 });
    await page.getByRole('status').filter({ hasText: '1 skipped' }).waitFor({ timeout: 10_000 });
    for (const id of done) {
      await row(page, id).waitFor({ state: 'detached', timeout: 10_000 });
      expect(await statusOf(id)).toBeNull();
    }
    await row(page, running).waitFor({ timeout: 10_000 });
    // One deleteJobs call for the selection, not one deleteJob per row.
    expect(operations.filter((name) => name.startsWith('JobsDelete'))).toEqual(['JobsDeleteMany']);

    await ui().api.data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: running });
    expect(pageErrors(page)).toEqual([]);
  });

  test('bulk cancel cancels the queued job, asks the running one to stop, skips the finished one, in one call', async () => {
    const done = await enqueueSleep({ ms: 0, steps: 1 });
    const running = await enqueueSleep({ ms: 60_000, steps: 60 });
    const later = (await ui().api.data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: { type: 'sleep', payload: { ms: 0 }, delayMs: 2_000_000_000 } })).enqueueJob.id;
    await waitForStatus(done, 'SUCCEEDED');
    await waitForStatus(running, 'RUNNING');

    const page = await ui().open('/jobs');
    const operations = recordOperations(page);
    for (const id of [done, running, later]) await page.getByRole('checkbox', { name: `Select job ${id}` }).check({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Cancel (2)' }).click({ timeout: 10_000 });
    await page.getByRole('status').filter({ hasText: '2 jobs cancelled.' }).waitFor({ timeout: 10_000 });
    await page.getByRole('status').filter({ hasText: '1 skipped: only queued, running or waiting jobs can be cancelled.' }).waitFor({ timeout: 10_000 });
    expect(await statusOf(later)).toBe('CANCELLED');
    await waitForStatus(running, 'CANCELLED');
    expect(await statusOf(done)).toBe('SUCCEEDED');
    await row(page, running, 'cancelled').waitFor({ timeout: 10_000 });
    expect(operations.filter((name) => name.startsWith('JobsCancel'))).toEqual(['JobsCancelMany']);
    expect(pageErrors(page)).toEqual([]);
  });

  test('Enter opens a row; the drawer deep link survives a reload; Escape returns to the list with its filters', async () => {
    const id = await enqueueSleep({ ms: 0, steps: 1 });
    await waitForStatus(id, 'SUCCEEDED');
    const page = await ui().open('/jobs?status=SUCCEEDED&type=sleep');
    // Rows are keyboard-usable: focus one and press Enter.
    await row(page, id, 'succeeded').focus();
    await page.keyboard.press('Enter');
    await jobDrawer(page, id).waitFor();
    expect(new URL(page.url()).search).toBe('?status=SUCCEEDED&type=sleep');

    await page.reload();
    await jobDrawer(page, id).waitFor();
    await expect.poll(() => drawerStatus(page, id)).toBe('SUCCEEDED');

    await page.keyboard.press('Escape');
    await jobDrawer(page, id).waitFor({ state: 'detached' });
    const url = new URL(page.url());
    expect(url.pathname + url.search).toBe('/jobs?status=SUCCEEDED&type=sleep');
    expect(await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'succeeded' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('Filter by task type').inputValue()).toBe('sleep');
    expect(pageErrors(page)).toEqual([]);
  });

  test('a job enqueued through the API appears in the open table and updates in place', async () => {
    const page = await ui().open('/jobs');
    await page.getByText(/No jobs yet|of \d+/).first().waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const id = await enqueueSleep({ ms: 1500, steps: 5 });
    await row(page, id).waitFor();
    await row(page, id, 'succeeded').waitFor({ timeout: 15_000 });
    // It came in at the top of the first page.
    expect(await page.locator('tbody tr').first().getAttribute('data-job-id')).toBe(id);
    await ui().shot(page, 'jobs');
    expect(pageErrors(page)).toEqual([]);
  });
  test('Next and Previous walk the pages; a status chip filters the open list and the URL keeps it', async () => {
    // Delayed jobs stay queued, so the pages hold still; one failing job to filter on. The range
    // starts just before them, so other tests' jobs stay out.
    const since = new Date(Date.now() - 1000).toISOString();
    for (let i = 0; i < 51; i++) {
      await ui().api.data(ENQUEUE, { input: { type: 'sleep', payload: { ms: 0 }, delayMs: 3_600_000 } });
    }
    const failed = await enqueueSleep({ ms: 0, steps: 1, fatal: true });
    await waitForStatus(failed, 'FAILED');
    const page = await ui().open(`/jobs?range=custom&since=${encodeURIComponent(since)}`);
    const pager = page.locator('nav.pager');
    await pager.getByText('1–50 of 52').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await pager.getByText('51–52 of 52').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: 'Previous' }).click();
    await pager.getByText('1–50 of 52').waitFor();

    await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'failed' }).click();
    await pager.getByText('1–1 of 1').waitFor();
    await row(page, failed, 'failed').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('status')).toBe('FAILED');
    expect(pageErrors(page)).toEqual([]);
  }, 60_000);

  test("a summarize job's LLM calls show with their tokens and link to the call", async () => {
    const data = await ui().api.data<{ enqueueJob: { id: string } }>(ENQUEUE, {
      input: { type: 'summarize', payload: { text: 'A short text to summarise. '.repeat(20) } },
    });
    const id = data.enqueueJob.id;
    await expect.poll(() => statusOf(id), { timeout: 20_000 }).toBe('SUCCEEDED');
    const page = await ui().open(`/jobs/${id}`);
    const calls = jobDrawer(page, id).getByRole('region', { name: 'LLM calls' });
    const link = calls.getByRole('link').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/^\/llm\/[0-9a-f-]+$/);
    expect(await calls.locator('tbody tr').first().locator('td.num').first().textContent()).toMatch(/^[1-9]/);
    // The job's cost, at the demo model's (made-up) price, as the API sums it.
    const { job } = await ui().api.data<{ job: { cost: { usd: number } } }>(`query($id: ID!) { job(id: $id) { cost { usd } } }`, { id });
    expect(job.cost.usd).toBeGreaterThan(0);
    expect(await jobDrawer(page, id).getByTestId('job-cost').textContent()).toBe(`$${job.cost.usd.toFixed(6).replace(/(\.\d\d\d*?)0+$/, '$1')}`);
    await calls.scrollIntoViewIfNeeded();
    await ui().shot(page, 'job-drawer-llm');
    expect(pageErrors(page)).toEqual([]);
  });

  test('a token without llm:read or jobs:write sees no actions and is told what it lacks', async () => {
    const id = await enqueueSleep({ ms: 0, steps: 1 });
    await waitForStatus(id, 'SUCCEEDED');
    const secret = await ui().api.token('default', ['jobs:read'], 'reader');
    const page = await ui().open(`/jobs/${id}`, secret);
    const drawer = jobDrawer(page, id);
    await drawer.getByText('Needs llm:read').waitFor();
    await drawer.getByText('Read-only: this token lacks jobs:write.').waitFor();
    expect(await drawer.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await drawer.getByRole('alert').count()).toBe(0);
    await page.keyboard.press('Escape');
    await row(page, id, 'succeeded').waitFor();
    expect(await page.getByRole('button', { name: 'New job' }).count()).toBe(0);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });
  test('a succeeded job becomes a schedule, and the console opens it', async () => {
    const id = await enqueueSleep({ ms: 0, steps: 1 });
    await waitForStatus(id, 'SUCCEEDED');
    const page = await ui().open(`/jobs/${id}`);
    await jobDrawer(page, id).getByRole('button', { name: 'Make a schedule from this job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Make a schedule from this job' });
    await dialog.getByLabel('Name').fill('nightly sleep');
    await dialog.getByLabel('Cron').fill('not a cron');
    await dialog.getByRole('button', { name: 'Create schedule' }).click();
    await dialog.locator('.field.invalid').getByText(/cron/i).first().waitFor();
    await dialog.getByLabel('Cron').fill('0 3 * * *');
    await dialog.locator('.field.invalid').waitFor({ state: 'detached' });
    await dialog.locator('.preview[aria-busy="false"]').getByText('Next runs:').waitFor();
    await ui().shot(page, 'job-make-schedule');
    await dialog.getByRole('button', { name: 'Create schedule' }).click();
    await page.waitForURL(/\/schedules\/[0-9a-f-]+$/);
    const scheduleId = new URL(page.url()).pathname.split('/').pop();
    const data = await ui().api.data<{ schedule: { name: string; taskType: string; trigger: { cron: string } } }>(
      `query($id: ID!) { schedule(id: $id) { name taskType trigger { cron } } }`,
      { id: scheduleId },
    );
    expect(data.schedule).toEqual({ name: 'nightly sleep', taskType: 'sleep', trigger: { cron: '0 3 * * *' } });
  });
});

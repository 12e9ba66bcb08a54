/** Waiting jobs in the console, in a real browser: the WAITING filter and badge, the drawer's waits and steps, and the approve flow. */
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole();

const ENQUEUE = `mutation Enqueue($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB = `query Job($id: ID!) { job(id: $id) { status result } }`;

async function enqueueReview(text: string): Promise<string> {
  const data = await ui().api.data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: { type: 'review', payload: { text } } });
  return data.enqueueJob.id;
}

async function jobOf(id: string): Promise<{ status: string; result: any }> {
  return (await ui().api.data(JOB, { id })).job;
}

const drawer = (page: Page, id: string) => page.getByRole('dialog').filter({ hasText: id });

describeInBrowser('waiting jobs in the console', () => {
  test('the WAITING filter lists a waiting job with its badge; the drawer shows the wait and the step, and Approve resumes it', async () => {
    const id = await enqueueReview('A report on durable waits. '.repeat(10));
    await expect.poll(async () => (await jobOf(id)).status, { timeout: 15_000 }).toBe('WAITING');

    const page = await ui().open('/jobs?status=WAITING');
    const row = page.getByRole('row', { name: `Job ${id}, review, waiting` });
    await row.waitFor();
    expect(await row.locator('[data-status="WAITING"]').count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'waiting' }).getAttribute('aria-pressed')).toBe('true');

    await row.click();
    const d = drawer(page, id);
    await d.waitFor();
    const wait = d.locator('li.wait[data-wait="publish"]');
    await wait.waitFor();
    expect(await wait.textContent()).toContain('waits for an approval');
    expect(await wait.textContent()).toContain('Publish this summary?');
    expect(await wait.locator('.wait-callback code').textContent()).toMatch(/\/callbacks\/waits\/[\w-]{32}$/);
    // The step appears in the timeline with its model call.
    await d.getByText(/Step draft done/).waitFor();
    expect(await d.getByText(/attempt 1 · \d+ ms · 1 LLM call/).count()).toBe(1);
    await ui().shot(page, 'job-waiting-approval');

    await wait.getByLabel('Comment on publish').fill('Looks right');
    await wait.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(async () => (await jobOf(id)).status, { timeout: 15_000 }).toBe('SUCCEEDED');
    expect((await jobOf(id)).result).toMatchObject({ approved: true, comment: 'Looks right' });
    await expect.poll(() => d.locator('.drawer-header [data-status]').getAttribute('data-status'), { timeout: 15_000 }).toBe('SUCCEEDED');
    // Resolved: the buttons are gone and, once the drawer has fetched the finished job again, the resolution is shown.
    await expect.poll(() => wait.getByRole('button', { name: 'Approve' }).count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => wait.textContent(), { timeout: 15_000 }).toContain('resolved');
    expect(pageErrors(page)).toEqual([]);
  });

  test('Reject sends approved: false; a read-only token sees the wait without buttons', async () => {
    const id = await enqueueReview('Another text.');
    await expect.poll(async () => (await jobOf(id)).status, { timeout: 15_000 }).toBe('WAITING');
    const { viewer } = await ui().api.data<{ viewer: { orgId: string } }>('{ viewer { orgId } }');
    const reader = await ui().api.token(viewer.orgId, ['jobs:read']);
    const readOnly = await ui().open(`/jobs/${id}`, reader);
    const seen = drawer(readOnly, id).locator('li.wait[data-wait="publish"]');
    await seen.waitFor();
    expect(await seen.textContent()).toContain('Publish this summary?');
    expect(await seen.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    expect(await seen.locator('.wait-callback').count()).toBe(0);
    const page = await ui().open(`/jobs/${id}`);
    const wait = drawer(page, id).locator('li.wait[data-wait="publish"]');
    await wait.waitFor();
    await wait.getByRole('button', { name: 'Reject' }).click();
    await expect.poll(async () => (await jobOf(id)).status, { timeout: 15_000 }).toBe('SUCCEEDED');
    expect((await jobOf(id)).result).toMatchObject({ approved: false });
    expect(pageErrors(page)).toEqual([]);
  });
});

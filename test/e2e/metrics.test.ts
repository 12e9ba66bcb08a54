/** The metrics page in a real browser: charts, per-type counts and LLM tokens after a few jobs. */
import { expect, test } from 'vitest';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole();

/**
 * The server answers GET /metrics itself (Prometheus), so the page is reached through the
 * navigation, as a person does, rather than by loading the URL.
 */
async function openMetrics() {
  const page = await ui().open('/llm');
  // The charts honour reduced motion: drawn at once, so what is checked and shot is the final picture.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
  await page.waitForURL((url) => url.pathname === '/metrics');
  return page;
}

const ENQUEUE = `mutation Enqueue($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB_STATUS = `query JobStatus($id: ID!) { job(id: $id) { status } }`;

async function run(type: string, payload: unknown, maxAttempts?: number): Promise<string> {
  const { enqueueJob } = await ui().api.data<{ enqueueJob: { id: string } }>(ENQUEUE, {
    input: { type, payload, ...(maxAttempts !== undefined && { maxAttempts }) },
  });
  return enqueueJob.id;
}

async function settled(ids: string[]): Promise<void> {
  await expect
    .poll(
      async () => {
        const statuses = await Promise.all(ids.map(async (id) => (await ui().api.data(JOB_STATUS, { id })).job.status as string));
        return statuses.every((s) => s === 'SUCCEEDED' || s === 'FAILED');
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}

describeInBrowser('metrics page', () => {
  test('an empty org shows empty states, not empty charts', async () => {
    const page = await openMetrics();
    await page.getByRole('heading', { name: 'Metrics' }).waitFor();
    await page.getByText('No job finished in the last 24 hours.').first().waitFor();
    expect(await page.locator('canvas').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  test('after a few jobs (one failing): charts, by-type counts and tokens by model', async () => {
    const ids = await Promise.all([
      run('sleep', { ms: 10, steps: 1 }),
      run('sleep', { ms: 10, steps: 1 }),
      run('sleep', { ms: 10, steps: 1 }),
      run('sleep', { ms: 10, steps: 1, fatal: true }, 1),
      run('summarize', { text: 'Numbers for the metrics page: one summary, traced.' }),
    ]);
    await settled(ids);

    const page = await openMetrics();
    await page.getByRole('button', { name: '24 h', pressed: true }).waitFor();
    const byType = page.getByRole('table', { name: 'By task type' });
    await byType.waitFor();
    const sleepRow = byType.getByRole('row').filter({ has: page.getByRole('link', { name: 'sleep', exact: true }) });
    expect((await sleepRow.getByRole('cell').allTextContents()).slice(0, 4)).toEqual(['sleep', '3', '1', '25%']);
    const summarizeRow = byType.getByRole('row').filter({ has: page.getByRole('link', { name: 'summarize', exact: true }) });
    expect((await summarizeRow.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['summarize', '1', '0']);
    expect(await page.getByTestId('sum-succeeded').textContent()).toBe('4');
    expect(await page.getByTestId('sum-failed').textContent()).toBe('1');

    // The charts are canvases (jobs finished, p95 by type, LLM cost, LLM tokens); the queue may have been empty.
    await page.getByRole('img', { name: /Jobs succeeded and failed per bucket/ }).waitFor();
    await page.getByRole('img', { name: 'p95 duration by task type' }).waitFor();
    await page.getByRole('img', { name: 'LLM tokens by model' }).waitFor();
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
    // Every canvas has drawn something (Chart.js failing would leave it blank).
    const painted = () =>
      page.$$eval('canvas', (canvases) =>
        canvases.map((canvas) => {
          const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
          return false;
        }),
      );
    await expect.poll(painted).not.toContain(false);
    await page.getByRole('table', { name: 'LLM usage by model' }).getByRole('link', { name: 'demo:demo-model' }).waitFor();

    // Cost over time: the demo model's made-up price, per model and per task type, as the API sums it.
    await page.getByRole('img', { name: /LLM cost per bucket by model/ }).waitFor();
    const { metrics: cost } = await ui().api.data(
      `query($since: DateTime!, $until: DateTime!) { metrics(since: $since, until: $until) { costByModel { key totalUsd } costByTaskType { key totalUsd } } }`,
      { since: new Date(Date.now() - 86_400_000).toISOString(), until: new Date(Date.now() + 3_600_000).toISOString() },
    );
    const usd = (n: number) => `$${n.toFixed(6).replace(/(\.\d\d\d*?)0+$/, '$1')}`;
    const demo = cost.costByModel.find((s: any) => s.key === 'demo:demo-model');
    expect(demo.totalUsd).toBeGreaterThan(0);
    const costByModel = page.getByRole('table', { name: 'LLM cost by model' });
    expect(await costByModel.locator('tr[data-key="demo:demo-model"] [data-testid="cost-series-total"]').textContent()).toBe(usd(demo.totalUsd));
    await page.getByRole('group', { name: 'Cost by' }).getByRole('button', { name: 'By task type' }).click();
    const costByType = page.getByRole('table', { name: 'LLM cost by task type' });
    const summarizeCost = cost.costByTaskType.find((s: any) => s.key === 'summarize');
    expect(await costByType.locator('tr[data-key="summarize"] [data-testid="cost-series-total"]').textContent()).toBe(usd(summarizeCost.totalUsd));
    await page.getByRole('img', { name: /LLM cost per bucket by task type/ }).waitFor();
    await page.getByRole('group', { name: 'Cost by' }).getByRole('button', { name: 'By model' }).click();
    await costByModel.waitFor();
    await page.getByRole('alert').waitFor({ state: 'detached' });
    await ui().shot(page, 'metrics');

    // Another range is asked for and kept in the URL.
    await page.getByRole('button', { name: '1 h' }).click();
    await page.getByRole('button', { name: '1 h', pressed: true }).waitFor();
    expect(new URL(page.url()).searchParams.get('range')).toBe('1h');
    await expect.poll(async () => (await sleepRow.getByRole('cell').allTextContents()).slice(0, 3)).toEqual(['sleep', '3', '1']);

    // Live: a job finishing while the page is open is counted without a reload.
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await settled([await run('sleep', { ms: 10, steps: 1 })]);
    await expect.poll(async () => (await sleepRow.getByRole('cell').allTextContents())[1], { timeout: 15_000 }).toBe('4');
    expect(pageErrors(page)).toEqual([]);
  });
});

/**
 * Budgets and cost in the console, in a real browser, with priced calls to the fake OpenAI-compatible
 * server: an admin creates a budget (a bad limit is refused under its field), the page follows what
 * calls spend and hold as the API reports it, edits and deletes it; the call list shows each call's
 * cost; a reader sees the budgets without the admin's buttons.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { hang, ok, startFakeOpenAi, type FakeOpenAi } from '../helpers/fake-openai.js';
import { describeInBrowser, pageErrors, useConsole } from './harness.js';

const ASK = 'test-budget-ask';
const plugin = definePlugin({
  name: 'test-budget-ui',
  version: '0.0.1',
  tasks: [
    defineTask({
      type: ASK,
      input: z.object({ calls: z.number().int().default(1) }),
      retry: { maxAttempts: 1 },
      async run(ctx) {
        for (let i = 0; i < ctx.input.calls; i++) {
          await ctx.llm.chat({ model: 'fake-model', messages: [{ role: 'user', content: `hello ${i}` }], max_tokens: 20 });
        }
        return { ok: true };
      },
    }),
  ],
});

// The fake starts first: the app reads its address from the environment when it starts.
let fake: FakeOpenAi;
const env: Record<string, string> = {};
beforeAll(async () => {
  fake = await startFakeOpenAi({ fallback: ok(['Hi', '!'], { usage: { promptTokens: 120, completionTokens: 50, cachedTokens: 20 } }) });
  env.JOBCENTER_LLM_PROVIDERS = JSON.stringify([{ name: 'fake', baseUrl: `${fake.url}/v1` }]);
});
afterAll(async () => {
  await fake?.close();
});
const ui = useConsole({ plugins: [plugin], env });

const SET_PRICE = `mutation($input: ModelPriceInput!) { setModelPrice(input: $input) { key } }`;
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { status } }`;
const CANCEL = `mutation($id: ID!) { cancelJob(id: $id) { id } }`;
const BUDGETS = `{ budgets { id limitUsd spentUsd reservedUsd } }`;
const CALLS = `{ llmCalls(first: 10) { edges { node { id costUsd } } } }`;

/** The console's money format: cents at least, more places only where they say something. */
const usd = (n: number) => `$${n.toFixed(6).replace(/(\.\d\d\d*?)0+$/, '$1')}`;

const budgetsNow = async () => (await ui().api.data(BUDGETS)).budgets as Array<{ id: string; limitUsd: number; spentUsd: number; reservedUsd: number }>;

async function runJob(calls: number, status = 'SUCCEEDED'): Promise<string> {
  const { enqueueJob } = await ui().api.data(ENQUEUE, { input: { type: ASK, payload: { calls } } });
  await expect.poll(async () => (await ui().api.data(JOB, { id: enqueueJob.id })).job.status, { timeout: 20_000 }).toBe(status);
  return enqueueJob.id;
}

/** The figures a budget's row shows. */
async function rowFigures(page: Page, id: string) {
  const row = page.locator(`tr[data-budget-id="${id}"]`);
  return {
    spent: await row.getByTestId('budget-spent').textContent(),
    reserved: await row.getByTestId('budget-reserved').textContent(),
    limit: await row.getByTestId('budget-limit').textContent(),
  };
}

describeInBrowser('budgets page', () => {
  test('create (field errors shown), live spent and held as the API has them, cost in the call list, edit and delete', async () => {
    await ui().api.data(SET_PRICE, { input: { key: 'fake:fake-model', inputPerMTok: 1000, outputPerMTok: 2000 } });
    const page = await ui().open('/llm');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Budgets' }).click();
    await page.waitForURL((url) => url.pathname === '/budgets');
    await page.getByText('No budget yet.').waitFor();

    // A limit that is not a number: the server's issue shows under the field, nothing is created.
    await page.getByRole('button', { name: 'New budget' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Limit (USD)').fill('a lot');
    await form.getByRole('button', { name: 'Create budget' }).click();
    await form.getByTestId('budget-limit-error').waitFor();
    expect(await form.getByTestId('budget-limit-error').textContent()).toContain('must be more than 0');
    expect(await budgetsNow()).toEqual([]);
    await form.getByLabel('Limit (USD)').fill('5');
    expect(await form.getByTestId('budget-limit-error').count()).toBe(0); // edited: its issue is gone
    await form.getByRole('button', { name: 'Create budget' }).click();
    await form.waitFor({ state: 'detached' });
    const [budget] = await budgetsNow();
    expect(budget).toMatchObject({ limitUsd: 5, spentUsd: 0, reservedUsd: 0 });
    await page.locator(`tr[data-budget-id="${budget!.id}"]`).waitFor();
    expect(await rowFigures(page, budget!.id)).toEqual({ spent: '$0.00', reserved: '$0.00', limit: '$5.00' });

    // Priced calls settle into spent; the open page follows without a reload.
    await runJob(3);
    const [afterCalls] = await budgetsNow();
    expect(afterCalls!.spentUsd).toBeCloseTo((3 * (120 * 1000 + 50 * 2000)) / 1e6, 9);
    expect(afterCalls!.reservedUsd).toBe(0);
    await expect.poll(() => rowFigures(page, budget!.id), { timeout: 15_000 }).toEqual({ spent: usd(afterCalls!.spentUsd), reserved: '$0.00', limit: '$5.00' });

    // A call in flight holds its worst case: the page shows the hold the API reports.
    fake.respond(hang());
    const { enqueueJob: hanging } = await ui().api.data(ENQUEUE, { input: { type: ASK, payload: { calls: 1 } } });
    await expect.poll(async () => (await budgetsNow())[0]!.reservedUsd, { timeout: 15_000 }).toBeGreaterThan(0);
    const held = (await budgetsNow())[0]!;
    await expect.poll(() => rowFigures(page, budget!.id), { timeout: 15_000 }).toEqual({ spent: usd(held.spentUsd), reserved: usd(held.reservedUsd), limit: '$5.00' });
    expect(await page.locator(`tr[data-budget-id="${budget!.id}"] .budget-reserved`).evaluate((el) => (el as HTMLElement).style.width)).not.toBe('0%');
    await ui().api.data(CANCEL, { id: hanging.id });
    await expect.poll(async () => (await budgetsNow())[0]!.reservedUsd, { timeout: 15_000 }).toBe(0);
    await expect.poll(async () => (await rowFigures(page, budget!.id)).reserved, { timeout: 15_000 }).toBe('$0.00');

    // Edit: the limit changes, what was spent stays.
    await page.locator(`tr[data-budget-id="${budget!.id}"]`).getByRole('button', { name: 'Edit' }).click();
    await form.getByLabel('Limit (USD)').fill('7.5');
    await form.getByRole('button', { name: 'Save budget' }).click();
    await form.waitFor({ state: 'detached' });
    await expect.poll(async () => (await rowFigures(page, budget!.id)).limit).toBe('$7.50');
    expect((await budgetsNow())[0]).toMatchObject({ limitUsd: 7.5, spentUsd: afterCalls!.spentUsd });
    await ui().shot(page, 'budgets');

    // Each call's cost in the call list, as the API has it.
    const calls = (await ui().api.data(CALLS)).llmCalls.edges.map((e: any) => e.node) as Array<{ id: string; costUsd: number | null }>;
    const priced = calls.find((c) => c.costUsd !== null)!;
    const list = await ui().open('/llm');
    const row = list.getByRole('row', { name: new RegExp(`^Call ${priced.id}:`) });
    await row.waitFor();
    expect(await row.getByTestId('call-row-cost').textContent()).toBe(usd(priced.costUsd!));
    await ui().shot(list, 'llm-calls-cost');

    // Delete, after asking.
    await page.locator(`tr[data-budget-id="${budget!.id}"]`).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete budget' }).click();
    await page.getByText('No budget yet.').waitFor();
    expect(await budgetsNow()).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    expect(pageErrors(list)).toEqual([]);
  }, 90_000);

  test('a reader sees the budgets, with no way to change them', async () => {
    const { createBudget } = await ui().api.data(`mutation { createBudget(input: { scope: TASK_TYPE, target: "${ASK}", period: MONTH, limitUsd: 2 }) { id } }`);
    const reader = await ui().api.token('default', ['llm:read', 'jobs:read']); // the admin token's org
    const page = await ui().open('/budgets', reader);
    const row = page.locator(`tr[data-budget-id="${createBudget.id}"]`);
    await row.waitFor();
    expect(await row.getByTestId('budget-limit').textContent()).toBe('$2.00');
    expect(await page.getByRole('button', { name: 'New budget' }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });
});

/** The LLM page in a real browser: limiter cards, the traced calls of a summarize job, the call drawer. */
import { expect, test } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS_DIR, describeInBrowser, pageErrors, useConsole } from './harness.js';

const ui = useConsole();

const ENQUEUE = `mutation Enqueue($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB_STATUS = `query JobStatus($id: ID!) { job(id: $id) { status } }`;
const CALLS_OF_JOB = `query CallsOfJob($id: ID!) {
  llmCalls(filter: { parentJobId: $id }) {
    edges { node { id model status costUsd usage { inputTokens outputTokens cachedTokens } output { content } } }
  }
}`;

/** A drawer covers the viewport: shoot what is on screen rather than the whole page behind it. */
const shotDrawer = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

const number = (n: number) => new Intl.NumberFormat('en-US').format(n);

async function summarize(text: string): Promise<string> {
  const api = ui().api;
  const { enqueueJob } = await api.data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: { type: 'summarize', payload: { text } } });
  return enqueueJob.id;
}

async function finished(jobId: string): Promise<void> {
  await expect
    .poll(async () => (await ui().api.data<{ job: { status: string } }>(JOB_STATUS, { id: jobId })).job.status, { timeout: 20_000 })
    .toBe('SUCCEEDED');
}

describeInBrowser('LLM page', () => {
  test('a summarize job\'s call is listed with its tokens, opens as a conversation, and deep-links', async () => {
    const prompt = 'The lighthouse keeper counted forty-two ships passing the northern cape before the storm arrived.';
    const jobId = await summarize(prompt);
    await finished(jobId);
    const { llmCalls } = await ui().api.data(CALLS_OF_JOB, { id: jobId });
    expect(llmCalls.edges).toHaveLength(1);
    const call = llmCalls.edges[0].node;
    expect(call.usage.outputTokens).toBeGreaterThan(0);
    const answer: string = call.output[0].content;

    const page = await ui().open('/llm');
    // The limiter of the demo model, with its configured concurrency.
    const limiter = page.getByRole('article', { name: 'Limiter demo:demo-model' });
    await limiter.waitFor();
    expect(await limiter.textContent()).toMatch(/Concurrency 4/);

    const row = page.getByRole('row', { name: `Call ${call.id}: demo-model, succeeded` });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toContain(number(call.usage.inputTokens));
    expect(cells).toContain(number(call.usage.outputTokens));
    expect(cells).toContain('summarize');
    expect(await row.getByRole('link', { name: /^job / }).getAttribute('href')).toBe(`/jobs/${jobId}`);
    await ui().shot(page, 'llm');

    // Keyboard: the row is focusable and Enter opens the drawer.
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/llm/${call.id}`);
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('article', { name: 'message from user' }).getByText(prompt, { exact: true }).waitFor();
    await drawer.getByRole('article', { name: 'answer from assistant' }).getByText(answer, { exact: true }).waitFor();
    await drawer.getByRole('article', { name: 'message from system' }).waitFor();
    expect(await drawer.getByTestId('tokens-input').textContent()).toBe(number(call.usage.inputTokens));
    expect(await drawer.getByTestId('tokens-output').textContent()).toBe(number(call.usage.outputTokens));
    expect(await drawer.getByTestId('tokens-cached').textContent()).toBe(number(call.usage.cachedTokens));
    // Its cost at the demo model's (made-up) price, as the API has it.
    expect(call.costUsd).toBeGreaterThan(0);
    expect(await drawer.getByTestId('call-cost').textContent()).toBe(`$${call.costUsd.toFixed(6).replace(/(\.\d\d\d*?)0+$/, '$1')}`);
    const timing = drawer.getByRole('img', { name: /Wait in limiter .*To first token .*Generation/ });
    await timing.waitFor();
    expect(await drawer.getByRole('link', { name: `Job ${jobId}` }).getAttribute('href')).toBe(`/jobs/${jobId}`);
    expect(await drawer.textContent()).toMatch(/max_tokens/);
    await shotDrawer(page, 'llm-call');

    // A reload of the deep link opens the same call.
    await page.reload();
    await page.getByRole('dialog').getByText(answer, { exact: true }).waitFor();

    // Escape closes the drawer and keeps the list.
    await page.keyboard.press('Escape');
    await page.waitForURL((url) => url.pathname === '/llm');
    await page.getByRole('row', { name: new RegExp(`Call ${call.id}`) }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test('calls made while the page is open appear live, and filters live in the URL', async () => {
    const page = await ui().open('/llm?status=SUCCEEDED');
    await page.getByRole('button', { name: 'succeeded', pressed: true }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    const before = await page.locator('table.llm-calls tbody tr').count();

    const jobId = await summarize('A short note about the harbour, written while the page was open.');
    await finished(jobId);
    const { llmCalls } = await ui().api.data(CALLS_OF_JOB, { id: jobId });
    const callId: string = llmCalls.edges[0].node.id;
    // The subscription shares the list's filter: the finished call shows up as succeeded.
    await page.getByRole('row', { name: `Call ${callId}: demo-model, succeeded` }).waitFor();
    expect(await page.locator('table.llm-calls tbody tr').count()).toBe(before + 1);

    // A filter that matches nothing: an empty state, and the URL says so.
    await page.getByRole('button', { name: 'succeeded', pressed: true }).click();
    await page.getByRole('button', { name: 'failed' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('FAILED');
    await page.getByText('No call matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('row', { name: new RegExp(`Call ${callId}`) }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    expect(pageErrors(page)).toEqual([]);
  });

  test('a running call opens from the live list and its answer arrives in the open drawer', async () => {
    const page = await ui().open('/llm?status=RUNNING');
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
    await page.getByText('No call matches these filters.').waitFor();
    // Four paragraphs of ~150 characters in chunks of 200: four calls and a combining one, one after another.
    const paragraph = (n: number) => `Paragraph ${n}: ${'the tide came in over the flats and the birds moved with it, '.repeat(2)}`;
    const text = [1, 2, 3, 4].map(paragraph).join('\n\n');
    const { enqueueJob } = await ui().api.data(ENQUEUE, { input: { type: 'summarize', payload: { text, chunkChars: 200 } } });

    // A call enters the RUNNING view when it starts; open it (it may finish before the click lands).
    const running = page.getByRole('row', { name: /demo-model, / }).first();
    await running.click();
    await page.waitForURL(/\/llm\/[^/?]+/);
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('article', { name: 'answer from assistant' }).getByText(/demo/i).waitFor({ timeout: 15_000 });
    await drawer.locator('dl.facts [data-status="SUCCEEDED"]').waitFor();
    await drawer.getByRole('img', { name: /Generation/ }).waitFor();
    await finished(enqueueJob.id);
    // The limiter cards follow the scheduler live (on a fresh server, the card appears with the first call).
    await page.getByRole('article', { name: 'Limiter demo:demo-model' }).waitFor();
    expect(pageErrors(page)).toEqual([]);
  });

  test('a token without llm:read is told why instead of seeing errors', async () => {
    const secret = await ui().api.token('default', ['jobs:read'], 'reader');
    const page = await ui().open('/llm', secret);
    await page.getByText(/needs the llm:read permission/).waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  test('pages of calls, a failed call\'s error, and a multi-turn conversation (calls seeded in another org)', async () => {
    const orgId = 'paging';
    const secret = await ui().api.token(orgId, ['llm:read', 'jobs:read'], 'pager');
    const start = Date.now() - 60 * 60_000;
    const usage = { inputTokens: 12, outputTokens: 5, cachedTokens: 4, totalTokens: 17 };
    for (let i = 0; i < 30; i++) {
      const queuedAt = start + i * 60_000;
      const failed = i === 29;
      await ui().api.app.store.llmCalls.insert({
        id: `seed-${String(i).padStart(2, '0')}`,
        orgId,
        provider: 'acme',
        model: i % 2 ? 'big-model' : 'small-model',
        source: 'console',
        requestedBy: 'pager',
        status: failed ? 'FAILED' : 'SUCCEEDED',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: `Question ${i}` },
          { role: 'assistant', content: 'An earlier answer.' },
          { role: 'user', content: `Follow-up ${i}: ${'more detail, '.repeat(150)}` },
        ],
        params: { temperature: 0.2, max_tokens: 64 },
        output: failed ? [] : [{ role: 'assistant', content: `Answer ${i}` }],
        ...(failed && { error: { code: 'RATE_LIMITED', httpStatus: 429, message: 'Too many requests, retries exhausted' } }),
        usage: failed ? { inputTokens: 0, outputTokens: 0, cachedTokens: 0, totalTokens: 0 } : usage,
        queuedAt,
        startedAt: queuedAt + 40,
        ...(!failed && { firstTokenAt: queuedAt + 240 }),
        finishedAt: queuedAt + 900,
        retries: failed ? 3 : 0,
        updatedAt: queuedAt + 900,
      });
    }

    const page = await ui().open('/llm', secret);
    const pager = page.locator('.pager');
    await pager.getByText('1–25 of 30').waitFor();
    await page.getByRole('button', { name: 'Older →' }).click();
    await pager.getByText('26–30 of 30').waitFor();
    expect(await page.getByRole('button', { name: 'Older →' }).isDisabled()).toBe(true);
    await page.getByRole('row', { name: /Call seed-00:/ }).waitFor();
    await page.getByRole('button', { name: '← Newer' }).click();
    await pager.getByText('1–25 of 30').waitFor();

    // Filters narrow the list and the total; the model filter's choices come from recorded usage.
    await page.getByRole('combobox', { name: 'Model' }).selectOption('big-model');
    await pager.getByText('1–15 of 15').waitFor();
    expect(new URL(page.url()).searchParams.get('model')).toBe('big-model');
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // The failed call: its error with code and HTTP status, the retries, and no answer.
    await page.getByRole('row', { name: /Call seed-29: big-model, failed/ }).click();
    const drawer = page.getByRole('dialog');
    const alert = drawer.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/RATE_LIMITED \(HTTP 429\):\s*Too many requests, retries exhausted/);
    expect(await drawer.textContent()).toMatch(/No answer: the call failed\./);
    expect(await drawer.textContent()).toMatch(/3 \(after 429/);
    await drawer.getByRole('img', { name: /Until the end \(no token\)/ }).waitFor();
    await shotDrawer(page, 'llm-call-failed');
    await page.keyboard.press('Escape');

    // A multi-turn conversation: every turn in order, the long one folded with "Show all".
    await page.getByRole('row', { name: /Call seed-28:/ }).click();
    const bubbles = drawer.getByRole('log', { name: 'Conversation' }).getByRole('article');
    await expect.poll(() => bubbles.count()).toBe(5);
    expect(await bubbles.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')))).toEqual([
      'message from system',
      'message from user',
      'message from assistant',
      'message from user',
      'answer from assistant',
    ]);
    await bubbles.nth(3).getByRole('button', { name: 'Show all' }).click();
    await bubbles.nth(3).getByRole('button', { name: 'Fold' }).waitFor();
    expect(await drawer.textContent()).toMatch(/temperature\s*0\.2/);
    expect(pageErrors(page)).toEqual([]);
  });
});

/**
 * The enqueueing client of the fan-out bench, run as its own process like the subscribers
 * (bench/fanout-clients.ts): on its start message it enqueues `count` jobs one awaited request at a
 * time over HTTP, as a third party would, answers with the ids and the time taken, and exits. In the
 * server's own process each request also needed the loop turns of the client's side, and every turn
 * of a busy fan-out carries its write and hand-off slices, so the server's process counted them twice.
 */
interface Start {
  url: string;
  token: string;
  count: number;
  payload: Record<string, unknown>;
}

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;

process.once('message', (start: Start) => {
  void (async () => {
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < start.count; i++) {
      const response = await fetch(start.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${start.token}` },
        body: JSON.stringify({ query: ENQUEUE, variables: { input: { type: 'sleep', payload: start.payload } } }),
      });
      const body = (await response.json()) as { data?: { enqueueJob: { id: string } }; errors?: unknown[] };
      if (!body.data || body.errors) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
      ids.push(body.data.enqueueJob.id);
    }
    process.send!({ ids, ms: performance.now() - started }, () => process.exit(0));
  })().catch((error: unknown) => {
    process.send!({ crashed: String(error instanceof Error ? error.stack : error) }, () => process.exit(1));
  });
});
process.send!('ready');

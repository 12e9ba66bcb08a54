import { LiveGroups } from '../src/engine/services/live-groups.js';
import { LiveQueue } from '../src/schema/live-queue.js';
import { createNextWriter, writerCounts } from '../src/server/next-writer.js';
import { ChangeFeed } from '../src/engine/store/change-feed.js';

const feed = new ChangeFeed();
const groups = new LiveGroups((_a, l) => feed.subscribe(l));
const N = 1000, E = 800;
const payload = Buffer.from('{"data":{"jobEvents":{"kind":"STATUS","jobId":"0193a0b0-0000-7000-8000-000000000000","at":"2026-12-04T10:00:00.000Z","job":{"status":"SUCCEEDED"}}}}');
for (let i = 0; i < N; i++) {
  const raw = { writableLength: 0, destroyed: false, write() { return true; } };
  const socket = { readyState: 1, OPEN: 1, extensions: '', _socket: raw } as any;
  const writer = createNextWriter(socket, `id-${i}-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`);
  const queue = new LiveQueue<unknown>({ maxQueued: 1000, onOverflow() {} });
  const results = new Map<object, { bytes: Buffer }>();
  void queue.direct((value) => {
    let r = results.get(value as object);
    if (!r) { r = { bytes: payload }; results.set(value as object, r); }
    return writer.next(r.bytes);
  });
  groups.join({ orgId: 'o', userId: 'u' } as any, 'k', (e) => ({ value: e, conflateKey: undefined }), (sel: any) => { if (sel) queue.push(sel.value, sel.conflateKey); });
}
const t0 = performance.now();
let cpu0 = process.cpuUsage();
for (let e = 0; e < E; e++) feed.emit({ kind: 'job.updated', job: { id: 'j' + e, orgId: 'o', status: 'RUNNING' } } as any, { at: Date.now() } as any);
await new Promise<void>((resolve) => { const check = () => (groups.pending === 0 ? setTimeout(resolve, 50) : setImmediate(check)); check(); });
const cpu = process.cpuUsage(cpu0);
console.log('ms', (performance.now() - t0).toFixed(0), 'cpu ms', ((cpu.user + cpu.system) / 1000).toFixed(0), 'per member-event ns', (((cpu.user + cpu.system) * 1000) / (N * E)).toFixed(0), writerCounts);

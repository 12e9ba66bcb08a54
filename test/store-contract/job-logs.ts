/**
 * The store contract for job logs: numbering, concurrent appends, pages and level filters.
 */
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import { T0, ORG, OTHER, walkPages, type StoreHarness } from './harness.js';

export function defineJobLogsContract(harness: StoreHarness): void {
  const { store, makeJob, insert } = harness;

  describe('job logs', () => {
    test('append numbers lines per job from 1, in order, across calls', async () => {
      const [a, b] = await insert(makeJob(), makeJob());
      const line = (jobId: string, message: string, level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO', data?: unknown) => ({
        jobId,
        orgId: ORG,
        at: T0,
        level,
        message,
        ...(data !== undefined && { data }),
      });
      const first = await store.logs.append([
        line(a!.id, 'a1', 'DEBUG'),
        line(b!.id, 'b1'),
        line(a!.id, 'a2', 'INFO', { k: [1, 2] }),
        line(a!.id, 'a3', 'WARN'),
      ]);
      expect(first.map((l) => [l.message, l.seq])).toEqual([
        ['a1', 1],
        ['b1', 1],
        ['a2', 2],
        ['a3', 3],
      ]);
      await store.logs.append([line(a!.id, 'a4', 'ERROR'), line(b!.id, 'b2', 'WARN'), line(a!.id, 'a5')]);

      const listed = await store.logs.list(ORG, a!.id, { page: { first: 100 } });
      expect(listed.items.map((i) => [i.node.seq, i.node.message, i.node.level])).toEqual([
        [1, 'a1', 'DEBUG'],
        [2, 'a2', 'INFO'],
        [3, 'a3', 'WARN'],
        [4, 'a4', 'ERROR'],
        [5, 'a5', 'INFO'],
      ]);
      expect(listed.items[1]!.node).toEqual({ jobId: a!.id, orgId: ORG, seq: 2, at: T0, level: 'INFO', message: 'a2', data: { k: [1, 2] } });
      expect(listed.items[0]!.node.data).toBeUndefined();
      expect((await store.logs.list(ORG, b!.id, { page: { first: 100 } })).items.map((i) => i.node.seq)).toEqual([1, 2]);
      expect(await store.logs.count(ORG, a!.id)).toBe(5);
      expect(await store.logs.count(ORG, a!.id, ['WARN', 'ERROR'])).toBe(2);
      expect(await store.logs.count(OTHER, a!.id)).toBe(0);
      expect((await store.logs.list(OTHER, a!.id, { page: { first: 100 } })).items).toEqual([]);
      expect(await store.logs.count(ORG, newId())).toBe(0);
    });

    test('concurrent appends to one job get distinct, gapless numbers', async () => {
      const [job] = await insert(makeJob());
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          store.logs.append([
            { jobId: job!.id, orgId: ORG, at: T0, level: 'INFO', message: `call ${k} line 1` },
            { jobId: job!.id, orgId: ORG, at: T0, level: 'INFO', message: `call ${k} line 2` },
          ]),
        ),
      );
      const page = await store.logs.list(ORG, job!.id, { page: { first: 100 } });
      expect(page.items.map((i) => i.node.seq)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
      // Lines of one call stay in their order.
      for (let k = 0; k < 10; k++) {
        const one = page.items.findIndex((i) => i.node.message === `call ${k} line 1`);
        const two = page.items.findIndex((i) => i.node.message === `call ${k} line 2`);
        expect(one).toBeLessThan(two);
      }
    });

    test('list pages through lines, with and without a level filter', async () => {
      const [job] = await insert(makeJob());
      const levels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
      await store.logs.append(
        Array.from({ length: 23 }, (_, k) => ({ jobId: job!.id, orgId: ORG, at: T0 + k, level: levels[k % 4]!, message: `line ${k + 1}` })),
      );
      const walkLogs = async (filter?: Array<(typeof levels)[number]>) => {
        const lines = await walkPages((page) => store.logs.list(ORG, job!.id, { page, ...(filter && { levels: filter }) }), 4);
        if (filter) expect(lines.every((line) => filter.includes(line.level as never))).toBe(true);
        return lines.map((line) => line.seq);
      };
      expect(await walkLogs()).toEqual(Array.from({ length: 23 }, (_, k) => k + 1));
      const warnAndError = await walkLogs(['WARN', 'ERROR']);
      expect(warnAndError).toEqual(Array.from({ length: 23 }, (_, k) => k + 1).filter((seq) => (seq - 1) % 4 >= 2));
      expect(await store.logs.count(ORG, job!.id, ['WARN', 'ERROR'])).toBe(warnAndError.length);
      await expect(store.logs.list(ORG, job!.id, { page: { first: 4, after: 'garbage' } })).rejects.toBeInstanceOf(ValidationError);
    });
  });
}

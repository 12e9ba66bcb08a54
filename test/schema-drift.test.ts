import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { printSchemaSdl } from '../src/schema/index.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jc-drift-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function check(file: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/print-schema.ts', '--check', '--file', file], { cwd: root });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

test('the committed schema.graphql is what the Pothos schema prints', () => {
  expect(fs.readFileSync(path.join(root, 'schema.graphql'), 'utf8')).toBe(printSchemaSdl());
});

test('the drift check fails on a stale schema file and passes on a fresh one', async () => {
  const stale = path.join(dir, 'stale.graphql');
  fs.writeFileSync(stale, printSchemaSdl().replace('type Job {', 'type Job {\n  removedLater: String'));
  const failed = await check(stale);
  expect(failed.code).toBe(1);
  expect(failed.output).toContain('out of date');

  const fresh = path.join(dir, 'fresh.graphql');
  fs.writeFileSync(fresh, printSchemaSdl());
  expect((await check(fresh)).code).toBe(0);
});

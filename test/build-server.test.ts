/**
 * `npm start` runs the server compiled into .compiled/ (scripts/build-server.ts), not the sources
 * through tsx: the build mirrors src/, compiles without the per-closure naming calls tsx adds, skips
 * when nothing changed, and the compiled CLI runs (with tsx still loading TypeScript plugins).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const build = (...args: string[]) => execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-server.ts', ...args], { cwd: ROOT, encoding: 'utf8' });

test('the build mirrors src/ into .compiled/, without naming calls, and is skipped when nothing changed', () => {
  expect(build('--force')).toMatch(/server compiled into \.compiled\//);
  for (const file of ['src/main.js', 'src/engine/runtime/executor/attempt.js', 'bench/run.js', 'plugins/sleep/index.js']) {
    expect(existsSync(path.join(ROOT, '.compiled', file)), file).toBe(true);
  }
  const attempt = readFileSync(path.join(ROOT, '.compiled/src/engine/runtime/executor/attempt.js'), 'utf8');
  expect(attempt).not.toMatch(/__name\(/);
  // The console's build is found where the sources find it.
  expect(readFileSync(path.join(ROOT, '.compiled/src/console-assets.js'), 'utf8')).toContain('../client/dist');
  expect(existsSync(path.join(ROOT, '.compiled/client/index.html'))).toBe(true);
  expect(build()).toBe('');
});

test('the compiled CLI runs', () => {
  build();
  const help = execFileSync(process.execPath, ['--import', 'tsx', '.compiled/src/main.js', '--help'], { cwd: ROOT, encoding: 'utf8' });
  expect(help).toMatch(/jobcenter serve/);
});

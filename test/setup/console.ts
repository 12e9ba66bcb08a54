/**
 * Global setup, once per test run: builds the console (client/dist) when its sources changed, so the
 * browser tests load what the server will serve, and finds the browser they drive.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { chromiumPath } from '../e2e/browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string | null;
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default function setup(project: TestProject): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-console.ts'], { cwd: ROOT, stdio: 'inherit' });
  const found = chromiumPath() ?? null;
  project.provide('chromiumPath', found);
  if (!found) {
    const line = 'browser tests: no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH)';
    if (process.env.CI) throw new Error(`${line}; in CI this is a failure`);
    console.log(`${line}: skipped`);
  }
}

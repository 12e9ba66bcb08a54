/** Temporary folders under os.tmpdir(), removed after each test of the file that asks for them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

export interface TempDirs {
  /** A new empty folder. */
  dir(): string;
  /** A path to a file (not created) inside a new empty folder. */
  file(name?: string): string;
}

/** Call at the top level of a test file (or in a describe block); cleans up in afterEach. */
export function useTempDirs(prefix = 'jobcenter-test-'): TempDirs {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const dir = () => {
    const created = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(created);
    return created;
  };
  return { dir, file: (name = 'jobcenter.db') => path.join(dir(), name) };
}

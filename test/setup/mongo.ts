/**
 * Global setup, once per test run: finds a MongoDB replica set for the MongoDB store tests. It uses
 * MONGODB_URI when set; otherwise, when MONGOMS_SYSTEM_BINARY names a mongod binary, it starts a
 * one-member replica set with mongodb-memory-server. It never downloads a mongod: tests fetch
 * nothing from outside the npm registry. Without either the MongoDB tests are skipped, and this
 * prints one line saying why and how to run them.
 */
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string | null;
    mongoSkipReason: string;
  }
}

const ATTEMPT_MS = 60_000;

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI);
    project.provide('mongoSkipReason', '');
    return;
  }
  if (!process.env.MONGOMS_SYSTEM_BINARY) {
    project.provide('mongoUri', null);
    project.provide('mongoSkipReason', 'MONGODB_URI is not set');
    console.log(
      'MongoDB store tests skipped: MONGODB_URI is not set. Set it to a replica set ' +
        '(or MONGOMS_SYSTEM_BINARY to a mongod binary) to run them.',
    );
    return;
  }
  // The library reports its own failures at length; the one line below is what a reader needs.
  const { warn, error: logError } = console;
  console.warn = () => undefined;
  console.error = () => undefined;
  try {
    const { MongoMemoryReplSet } = await import('mongodb-memory-server-core');
    const replSet = await withTimeout(MongoMemoryReplSet.create({ replSet: { count: 1, storageEngine: 'wiredTiger' } }), ATTEMPT_MS);
    project.provide('mongoUri', replSet.getUri());
    project.provide('mongoSkipReason', '');
    return async () => void (await replSet.stop());
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').trim().slice(0, 240);
    project.provide('mongoUri', null);
    project.provide('mongoSkipReason', reason);
    console.log(
      `MongoDB store tests skipped: no mongod could be started (${reason}). ` +
        'Set MONGODB_URI to a replica set, or MONGOMS_SYSTEM_BINARY to a mongod binary, to run them.',
    );
  } finally {
    console.warn = warn;
    console.error = logError;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`gave up after ${ms / 1000} s`)), ms).unref()),
  ]);
}

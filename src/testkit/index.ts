/**
 * The test kit's entry point (`jobcenter/testkit`): run a plugin's tasks in-process against an embedded
 * store. It loads the executor and the SQLite store, so it is kept apart from `plugin-api`, which
 * plugins import at runtime.
 */
export { createTestkit } from './testkit.js';
export type { Testkit, TestkitOptions } from './testkit.js';

/** Everything a plugin author imports, from one place. */
export { defineTask, definePlugin } from './define.js';
export type { TaskDefinition, PluginDefinition, RetryOptions } from './define.js';
export type { TaskContext, TaskLogger, TaskLlm, SpawnOptions } from '../engine/task-context.js';
export type { ChatInput, ChatResponse } from '../engine/llm/gateway.js';
export type { LlmMessage, TokenUsage } from '../engine/llm/types.js';
export type { Backoff } from '../engine/backoff.js';
export type { Job, JobStatus } from '../engine/types.js';
export { RetryableError, FatalError, TimeoutError, CancelledError } from '../engine/errors.js';
export { z } from 'zod';
export { abortableSleep } from '../engine/abortable-sleep.js';
export { parseRetryAfter } from '../engine/llm/provider.js';
export { createTestkit } from "./testkit.js"; export type { Testkit, TestkitOptions } from "./testkit.js";

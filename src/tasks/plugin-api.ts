/**
 * Everything a plugin author imports, from one place (`jobcenter/plugin-api`). It loads with every
 * plugin, so it stays light: the domain, `define.ts`, zod, leaf helpers and the guarded HTTP client
 * (`network/`, Node built-ins only), never the executor, a store or better-sqlite3 (test/plugin-api-imports.test.ts checks). The test kit is `jobcenter/testkit`.
 */
export { defineTask, definePlugin } from './define.js';
export type { TaskDefinition, PluginDefinition, RetryOptions } from './define.js';
export type { TaskContext, TaskLogger, TaskLlm, SpawnOptions, WaitOptions, ApprovalOptions, EventWaitOptions } from '../engine/domain/task-context.js';
export type { Approval } from '../engine/domain/job-wait.js';
export type { ChatInput, ChatResponse } from '../engine/domain/llm-call.js';
export type { LlmMessage, TokenUsage } from '../engine/domain/llm-call.js';
export type { Backoff } from '../engine/domain/backoff.js';
export type { Job, JobStatus } from '../engine/domain/types.js';
export { RetryableError, FatalError, TimeoutError, CancelledError, WaitTimeoutError } from '../engine/domain/errors.js';
export { z } from 'zod';
export { abortableSleep } from '../engine/runtime/abortable-sleep.js';
export { parseRetryAfter } from '../engine/runtime/llm/provider.js';
// Outbound HTTP that honours the server's allow- and deny-lists and caps (`ctx.settings.http`).
export type { TaskSettings, HttpSettings } from '../engine/domain/task-settings.js';
export { httpRequest, AddressBlockedError } from './network/http-client.js';
export type { HttpRequestOptions, HttpResponseData } from './network/http-client.js';

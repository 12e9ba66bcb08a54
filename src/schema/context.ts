/** What every resolver receives: the caller (from their token) and the services. */
import type { Actor } from '../engine/domain/actor.js';
import type { JobService } from '../engine/services/job-service.js';
import type { LlmGateway } from '../engine/runtime/llm/gateway.js';
import type { ScheduleService } from '../engine/services/schedule-service.js';
import type { AlertService } from '../engine/services/alert-service.js';
import type { AuditService } from '../engine/services/audit-service.js';
import type { JobLogService } from '../engine/services/job-log-service.js';
import type { LiveEvents } from '../engine/services/live-events.js';
import type { LlmCallService } from '../engine/services/llm-call-service.js';
import type { MetricsService } from '../engine/services/metrics-service.js';
import type { TaskCatalog } from '../engine/domain/task-catalog.js';
import type { TokenService } from '../engine/services/token-service.js';
import type { WaitService } from '../engine/services/wait-service.js';
import type { ApiToken } from '../engine/domain/types.js';
import type { StopSignal } from '../engine/domain/stop-signal.js';
import { Loaders } from './loaders.js';

/** What resolvers may call: services that scope every read and write to the caller's org. */import type { PriceService } from '../engine/services/price-service.js';
import type { BudgetService } from '../engine/services/budget-service.js';

export interface Services {
  jobs: JobService;
  logs: JobLogService;
  llmCalls: LlmCallService;
  alerts: AlertService;
  audit: AuditService;
  metrics: MetricsService;
  live: LiveEvents;
  tokens: TokenService;
  catalog: TaskCatalog;
  llm: LlmGateway;
  schedules: ScheduleService;
  waits: WaitService;
  prices: PriceService;
  budgets: BudgetService;
}

/** Events a subscription may hold for a client that is behind (JOBCENTER_LIVE_MAX_QUEUED_EVENTS). */
export const DEFAULT_MAX_QUEUED_EVENTS = 1_000;

export interface LiveClient {
  maxQueuedEvents: number;
  /** The client fell too far behind: close its connection. */
  onSlowConsumer(): void;
}

export interface GraphQLContext {
  services: Services;
  /** The verified token, or undefined with `authError` saying why. */
  token: ApiToken | undefined;
  authError: Error | undefined;
  /**
   * Aborted once the operation runs out of its time or size budget or its client leaves (set for
   * queries and mutations): long work in a resolver or service polls it.
   */
  signal?: StopSignal;
  /** For subscriptions: how far a client may fall behind, and what happens when it does. */
  live?: LiveClient;
  /** Batched reads of one row per parent (./loaders.ts), scoped to the caller's org like every read. */
  loaders: Loaders;
}

/** A request's context: its services, its caller (or why there is none) and its loaders. */
export function createContext(
  services: Services,
  token: ApiToken | undefined,
  authError: Error | undefined,
  /** When a loader's batch is sent, given the request's loaders (see Loaders). */
  scheduleBatch?: (loaders: Loaders, send: () => void) => void,
): GraphQLContext {
  const context: GraphQLContext = { services, token, authError, loaders: undefined as unknown as Loaders };
  const loaders: Loaders = new Loaders(services, () => actorOf(context), scheduleBatch && ((send) => scheduleBatch(loaders, send)));
  context.loaders = loaders;
  return context;
}

/** The acting user of a verified context (resolvers behind an auth scope always have one). */
export function actorOf(ctx: GraphQLContext): Actor {
  if (!ctx.token) throw ctx.authError ?? new Error('unauthenticated');
  return { orgId: ctx.token.orgId, userId: ctx.token.userId, tokenId: ctx.token.id };
}

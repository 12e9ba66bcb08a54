/** What every resolver receives: the caller (from their token) and the services. */
import type { Actor } from '../engine/domain/actor.js';
import type { JobService } from '../engine/services/job-service.js';
import type { LlmGateway } from '../engine/runtime/llm/gateway.js';
import type { ScheduleService } from '../engine/services/schedule-service.js';
import type { Store } from '../engine/store/port.js';
import type { TaskCatalog } from '../engine/domain/task-catalog.js';
import type { TokenService } from '../engine/services/token-service.js';
import type { ApiToken } from '../engine/domain/types.js';

export interface Services {
  store: Store;
  jobs: JobService;
  tokens: TokenService;
  catalog: TaskCatalog;
  llm: LlmGateway;
  schedules: ScheduleService;
}

export interface GraphQLContext {
  services: Services;
  /** The verified token, or undefined with `authError` saying why. */
  token: ApiToken | undefined;
  authError: Error | undefined;
}

/** The acting user of a verified context (resolvers behind an auth scope always have one). */
export function actorOf(ctx: GraphQLContext): Actor {
  if (!ctx.token) throw ctx.authError ?? new Error('unauthenticated');
  return { orgId: ctx.token.orgId, userId: ctx.token.userId };
}

/**
 * The app factory: builds the store, plugin registry, services, executor and server from a config,
 * and starts and stops them in order. Tests and the CLI both use it.
 */
import { Executor } from './engine/runtime/executor/executor.js';
import { JobService } from './engine/services/job-service.js';
import { createLlmGateway, modelKey, type LlmGateway } from './engine/runtime/llm/index.js';
import { ScheduleRuns } from './engine/services/schedule-runs.js';
import { systemClock } from './engine/domain/clock.js';
import { ScheduleService } from './engine/services/schedule-service.js';
import { Quotas } from './engine/services/quotas.js';
import type { Services } from './schema/context.js';
import { AlertService } from './engine/services/alert-service.js';
import { AuditService } from './engine/services/audit-service.js';
import { JobLogService } from './engine/services/job-log-service.js';
import { LiveEvents } from './engine/services/live-events.js';
import { LlmCallService } from './engine/services/llm-call-service.js';
import { PriceService } from './engine/services/price-service.js';
import { BudgetService } from './engine/services/budget-service.js';
import { MetricsService } from './engine/services/metrics-service.js';
import { Scheduler } from './engine/runtime/scheduler/scheduler.js';
import { SchedulerWatchdog } from './engine/runtime/scheduler/watchdog.js';
import type { Logger } from './engine/runtime/logger.js';
import { Retention } from './engine/runtime/retention.js';
import { MetricsRoller } from './engine/runtime/metrics-roller.js';
import { SearchIndexer } from './engine/runtime/search-indexer.js';
import { openMongoStore, redactUri } from './engine/store/mongo/index.js';
import { openSqliteStore } from './engine/store/sqlite/index.js';
import type { Store } from './engine/store/port.js';
import { TokenService } from './engine/services/token-service.js';
import { WaitService } from './engine/services/wait-service.js';
import type { Config } from './config.js';
import { lockDataDir } from './data-dir-lock.js';
import { createMetricsHandler, Prometheus } from './prometheus.js';
import { createServer, type JobcenterServer } from './server.js';
import type { PluginDefinition } from './tasks/define.js';
import { loadPlugins, pluginEntries, type LoadReport } from './tasks/loader.js';
import { TaskRegistry } from './tasks/registry.js';

export interface App {
  config: Config;
  store: Store;
  registry: TaskRegistry;
  jobs: JobService;
  tokens: TokenService;
  executor: Executor | undefined;
  llm: LlmGateway;
  schedules: ScheduleService;
  scheduler: Scheduler;
  server: JobcenterServer | undefined;
  /** Live changes per org, as the API's subscriptions receive them. */
  live: LiveEvents;
  /** The /metrics figures; absent in worker mode (nothing to scrape) or with JOBCENTER_METRICS=off. */
  prometheus: Prometheus | undefined;
  plugins: LoadReport;
  /** Starts everything; returns the URL of the API (if served) and a new admin secret (if made now). */
  start(): Promise<{ url?: string; adminSecret?: string }>;
  stop(): Promise<void>;
}

export class PluginLoadError extends Error {}

/** The configured store: MongoDB when MONGODB_URI is set, else the embedded SQLite file. */
export async function openConfiguredStore(config: Config, logger: Logger): Promise<Store> {
  if (config.mongodb) {
    return openMongoStore({
      uri: config.mongodb.uri,
      ...(config.mongodb.dbName !== undefined && { dbName: config.mongodb.dbName }),
      nodeName: config.nodeName,
      logger: logger.child({ module: 'store' }),
    });
  }
  return openSqliteStore({ file: config.databaseFile, synchronous: config.sqliteSynchronous });
}

/** Where the store is, for the start-up banner. */
export function describeStore(config: Config): string {
  return config.mongodb ? `mongodb at ${redactUri(config.mongodb.uri)}` : `sqlite at ${config.databaseFile}`;
}

export async function createApp(config: Config, logger: Logger, extraPlugins: PluginDefinition[] = []): Promise<App> {
  // One process owns an embedded store's file; MongoDB is shared by design.
  const unlock = config.mongodb ? () => undefined : lockDataDir(config.dataDir);
  let store: Store | undefined;
  try {
    store = await openConfiguredStore(config, logger);
    const registry = new TaskRegistry();
    const plugins = await loadPlugins(registry, [...pluginEntries(config.plugins.dir), ...config.plugins.modules]);
    for (const plugin of extraPlugins) registry.add(plugin);
    for (const failure of plugins.failed) logger.error({ source: failure.source }, `plugin failed to load: ${failure.error}`);
    if (plugins.failed.length && config.plugins.strict) {
      throw new PluginLoadError(plugins.failed.map((f) => `${f.source}: ${f.error}`).join('\n'));
    }
    return assemble(config, logger, store, registry, plugins, unlock);
  } catch (error) {
    await store?.close();
    unlock();
    throw error;
  }
}

function assemble(config: Config, logger: Logger, store: Store, registry: TaskRegistry, plugins: LoadReport, unlock: () => void): App {
  const quotas = new Quotas(store, config.quotas);
  const jobs = new JobService({ store, catalog: registry, workerStaleMs: config.executor.leaseMs * 2, quotas });
  // A verified token is re-read as often as open sockets re-read theirs: one bound on how long another
  // process's revocation goes unseen.
  const tokens = new TokenService(store, { rereadMs: config.live.tokenRecheckMs });
  const llm = createLlmGateway(config.llm, store, logger.child({ module: 'llm' }));
  // Every process can make runs (run-now through the API); only executor processes fire slots and
  // follow runs' jobs (scheduler.start()). Both read the time from one clock.
  const schedulerLogger = logger.child({ module: 'scheduler' });
  const scheduleRuns = new ScheduleRuns({ store, jobs, logger: schedulerLogger, clock: systemClock });
  const scheduler = new Scheduler({
    store,
    runs: scheduleRuns,
    clock: systemClock,
    logger: schedulerLogger,
    nodeName: config.nodeName,
    heartbeatMs: config.scheduler.heartbeatMs,
    aheadMs: config.scheduler.aheadMs,
  });
  // Every process watches the schedulers' heartbeats, API-only ones too (see watchdog.ts).
  const watchdog = new SchedulerWatchdog({
    store,
    logger: logger.child({ module: 'scheduler-watchdog' }),
    stallAfterMs: config.scheduler.stallAfterMs,
    checkEveryMs: config.scheduler.heartbeatMs,
  });
  const schedules = new ScheduleService(store, registry, jobs, scheduleRuns, quotas);
  const executor =
    config.mode === 'api'
      ? undefined
      : new Executor({
          store,
          catalog: registry,
          jobs,
          logger: logger.child({ module: 'executor' }),
          concurrency: config.executor.concurrency,
          ...(config.executor.orgConcurrency !== undefined && { orgConcurrency: config.executor.orgConcurrency }),
          leaseMs: config.executor.leaseMs,
          cancelGraceMs: config.executor.cancelGraceMs,
          shutdownGraceMs: config.executor.shutdownGraceMs,
          progressWriteMs: config.executor.progressWriteMs,
          defaultTimeoutMs: config.executor.defaultTimeoutMs,
          llm: llm.gateway,
          taskSettings: config.tasks,
        });
  const live = new LiveEvents(store.changes, { replayEvents: config.live.replayEvents });
  const prometheus =
    config.mode === 'worker' || !config.metrics.enabled
      ? undefined
      : new Prometheus({
          store,
          taskTypes: () => registry.list().map((t) => t.type),
          llmModelLabel: (provider, model) => modelKey(config.llm, provider, model),
          live,
        });
  const services = createServices({ store, jobs, tokens, catalog: registry, llm: llm.gateway, prices: llm.prices, schedules, live });
  const server =
    config.mode === 'worker'
      ? undefined
      : createServer({
          store,
          services,
          logger: logger.child({ module: 'server' }),
          limits: config.limits,
          graphiql: config.graphiql,
          allowedOrigins: config.allowedOrigins,
          live: config.live,
          ...(prometheus && {
            metrics: createMetricsHandler(prometheus, { token: config.metrics.token, logger: logger.child({ module: 'metrics' }) }),
          }),
        });
  const retention = new Retention(
    store,
    { jobsMs: config.retentionMs, llmCallsMs: config.llm.retentionMs },
    logger.child({ module: 'retention' }),
  );
  const metricsRoller = new MetricsRoller(store, logger.child({ module: 'metrics-roller' }), { jobsRetentionMs: config.retentionMs });
  const searchIndexer = new SearchIndexer(store, logger.child({ module: 'search-indexer' }));
  let stopped = false;

  return {
    config,
    store,
    registry,
    jobs,
    tokens,
    executor,
    llm: llm.gateway,
    schedules,
    scheduler,
    server,
    live,
    prometheus,
    plugins,
    async start() {
      const admin = await tokens.bootstrapAdmin(config.adminToken);
      // The scheduler follows runs' jobs through the change feed: it listens before the executor's
      // start-up recovery announces the jobs a dead process left RUNNING.
      if (executor) await scheduler.start();
      await executor?.start();
      retention.start();
      metricsRoller.start();
      searchIndexer.start();
      llm.holdSweep.start();
      watchdog.start();
      let url: string | undefined;
      if (server) {
        const address = await server.listen(config.port, config.host);
        const host = address.host.includes(':') ? `[${address.host}]` : address.host;
        url = `http://${host}:${address.port}/graphql`;
        services.waits.callbackBase = config.publicUrl ?? `http://${host}:${address.port}`;
      }
      return { ...(url && { url }), ...(admin.secret && { adminSecret: admin.secret }) };
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // New requests stop first; running jobs then get their grace period (the scheduler still
      // follows them, so a run whose job finishes now records it); the store closes last.
      await server?.close();
      prometheus?.close();
      await executor?.stop();
      await scheduler.stop();
      await watchdog.stop();
      retention.stop();
      await metricsRoller.stop();
      await searchIndexer.stop();
      await llm.close();
      await store.close();
      unlock();
    },
  };
}

/** The read services over one store, beside the ones the app builds with their own settings. */
export function createServices(
  parts: Pick<Services, 'jobs' | 'tokens' | 'catalog' | 'llm' | 'schedules'> & Partial<Pick<Services, 'live' | 'prices'>> & { store: Store },
): Services {
  const { store, live, prices, ...rest } = parts;
  return {
    ...rest,
    prices: prices ?? new PriceService(store),
    budgets: new BudgetService(store),
    logs: new JobLogService(store),
    llmCalls: new LlmCallService(store),
    alerts: new AlertService(store),
    audit: new AuditService(store),
    metrics: new MetricsService(store),
    waits: new WaitService(store),
    live: live ?? new LiveEvents(store.changes),
  };
}

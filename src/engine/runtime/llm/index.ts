/** Builds the gateway from plain settings (the config module fills them from the environment). */
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';
import { LlmGateway } from './gateway.js';
import { LimiterPool, type LimitSettings } from './limiter.js';
import type { LlmProvider } from './provider.js';
import { DemoProvider } from './providers/demo.js';
import { OpenAiCompatibleProvider } from './providers/openai-compatible.js';
import type { ModelPrice } from '../../domain/prices.js';
import { PriceService } from '../../services/price-service.js';
import { BudgetGuard } from './budget-guard.js';
import { HoldSweep } from './hold-sweep.js';

export interface ProviderSettings {
  name: string;
  baseUrl: string;
  apiKey: string;
  /** Limits for every model of this provider, unless the model has its own. */
  limits?: LimitSettings;
  models?: Record<string, LimitSettings>;
}

export interface LlmSettings {
  providers: ProviderSettings[];
  defaultProvider: string;
  demoLimits: LimitSettings;
  maxRetries: number;
  timeoutMs: number;
  redisUrl?: string;
  retryBaseMs?: number;
  /** Prices from the prices file (JOBCENTER_LLM_PRICES), over the shipped ones. */
  prices?: ModelPrice[];
  /** How often a call waiting on a WAIT budget tries again (default 1 s). */
  budgetRetryMs?: number;
  /** For tests: the demo provider's pace. */
  demo?: { firstTokenMs?: number; tokenMs?: number };
}

/** The models of the demo provider that have a limiter of their own (the built-in plugins' default). */
export const DEMO_MODELS: readonly string[] = ['demo-model'];

/** Stands for every model without limits of its own, in limiter keys and metric labels. */
export const OTHER_MODELS = '*';

/**
 * The model as limiters and metrics name it: a model configured under its provider's `models` (or a
 * demo model) keeps its name; any other shares its provider's default, `*`. Model names come from
 * callers, so this keeps the limiters and metric series bounded by the configuration, and one org's
 * made-up names out of what every org sees.
 */
export function modelKey(settings: Pick<LlmSettings, 'providers'>, provider: string, model: string): string {
  if (provider === 'demo') return DEMO_MODELS.includes(model) ? model : OTHER_MODELS;
  const p = settings.providers.find((x) => x.name === provider);
  return p?.models && Object.hasOwn(p.models, model) ? model : OTHER_MODELS;
}

export function limitsFor(settings: LlmSettings, key: string): LimitSettings {
  const [provider, ...rest] = key.split(':');
  const model = rest.join(':');
  if (provider === 'demo') return settings.demoLimits;
  const p = settings.providers.find((x) => x.name === provider);
  const own = model !== OTHER_MODELS && p?.models && Object.hasOwn(p.models, model) ? p.models[model] : undefined;
  return own ?? p?.limits ?? {};
}

export function createLlmGateway(
  settings: LlmSettings,
  store: Store,
  logger: Logger,
): { gateway: LlmGateway; prices: PriceService; holdSweep: HoldSweep; close(): Promise<void> } {
  const prices = new PriceService(store, settings.prices);
  const providers: LlmProvider[] = [new DemoProvider(settings.demo)];
  for (const p of settings.providers) providers.push(new OpenAiCompatibleProvider(p));
  const limiter = new LimiterPool({
    limitsFor: (key) => limitsFor(settings, key),
    ...(settings.redisUrl !== undefined && { redisUrl: settings.redisUrl }),
    onChange: () => gateway.statusChanged(),
  });
  const gateway = new LlmGateway({
    store,
    providers,
    defaultProvider: settings.defaultProvider,
    limiter,
    limiterKey: (provider, model) => `${provider}:${modelKey(settings, provider, model)}`,
    logger,
    maxRetries: settings.maxRetries,
    timeoutMs: settings.timeoutMs,
    ...(settings.retryBaseMs !== undefined && { retryBaseMs: settings.retryBaseMs }),
    prices,
    budgets: new BudgetGuard({ store, logger, ...(settings.budgetRetryMs !== undefined && { retryMs: settings.budgetRetryMs }) }),
  });
  // No call outlives its timeout (queue and retries included) by much: a hold twice as old is orphaned.
  const holdSweep = new HoldSweep({ store, logger, maxAgeMs: Math.max(2 * settings.timeoutMs, 10 * 60_000) });
  return { gateway, prices, holdSweep, close: async () => (holdSweep.stop(), await limiter.close()) };
}

export { LlmGateway } from './gateway.js';
export type { LlmCaller, LlmSchedulerStatus } from './gateway.js';
export type { ChatInput, ChatResponse } from '../../domain/llm-call.js';

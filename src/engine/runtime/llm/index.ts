/** Builds the gateway from plain settings (the config module fills them from the environment). */
import type { Logger } from '../logger.js';
import type { Store } from '../../store/port.js';
import { LlmGateway } from './gateway.js';
import { LimiterPool, type LimitSettings } from './limiter.js';
import type { LlmProvider } from './provider.js';
import { DemoProvider } from './providers/demo.js';
import { OpenAiCompatibleProvider } from './providers/openai-compatible.js';

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
  /** For tests: the demo provider's pace. */
  demo?: { firstTokenMs?: number; tokenMs?: number };
}

export function limitsFor(settings: LlmSettings, key: string): LimitSettings {
  const [provider, ...rest] = key.split(':');
  const model = rest.join(':');
  if (provider === 'demo') return settings.demoLimits;
  const p = settings.providers.find((x) => x.name === provider);
  return p?.models?.[model] ?? p?.limits ?? {};
}

export function createLlmGateway(settings: LlmSettings, store: Store, logger: Logger): { gateway: LlmGateway; close(): Promise<void> } {
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
    logger,
    maxRetries: settings.maxRetries,
    timeoutMs: settings.timeoutMs,
    ...(settings.retryBaseMs !== undefined && { retryBaseMs: settings.retryBaseMs }),
  });
  return { gateway, close: () => limiter.close() };
}

export { LlmGateway } from './gateway.js';
export type { LlmCaller, LlmSchedulerStatus } from './gateway.js';
export type { ChatInput, ChatResponse } from '../../domain/llm-call.js';

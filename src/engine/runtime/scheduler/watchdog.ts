/**
 * The scheduler watchdog: when no scheduler has written a heartbeat for `stallAfterMs` while enabled
 * schedules exist, it raises one SCHEDULER_STALLED alert in each org that has them; when a heartbeat
 * comes again it closes those alerts (acknowledged by `system:watchdog`).
 *
 * It runs in every process, API-only ones included: a deployment whose schedulers all died, or that
 * runs none, still says so, and a process that watches only itself would fall silent with it. The
 * newest beat of any node counts, so one live scheduler is enough. Several watchdogs sharing a store
 * raise one alert per org: the alert's dedupe key is unique among the org's open alerts.
 */
import type { Logger } from '../logger.js';
import { newId } from '../../domain/ids.js';
import type { Store } from '../../store/port.js';

export interface WatchdogOptions {
  store: Store;
  logger: Logger;
  /** No heartbeat for this long is a stall (default 30 s). */
  stallAfterMs?: number;
  /** How often to look (default 5 s). */
  checkEveryMs?: number;
  /** The clock (tests set it). */
  now?: () => number;
}

export interface WatchdogCheck {
  stalled: boolean;
  /** Orgs that got a new alert in this check. */
  raised: string[];
  /** Alerts closed in this check because heartbeats came again. */
  resolved: number;
}

/** At most one open stall alert per org holds this key. */
export const STALL_DEDUPE_KEY = 'scheduler-stalled';
/** Who closes a stall alert once heartbeats come again. */
export const WATCHDOG_ACTOR = 'system:watchdog';

export class SchedulerWatchdog {
  readonly #o: Required<WatchdogOptions>;
  #timer: NodeJS.Timeout | undefined;
  #startedAt: number | undefined;
  #checking: Promise<WatchdogCheck> | undefined;
  /** Until a healthy check closes them, stall alerts may be open (true at start: a previous run's). */
  #mayHaveOpen = true;
  /** The stall being reported (its newest beat) and the orgs told about it: an operator who
   * acknowledged the alert is not told again until the next stall. */
  #episode: number | undefined;
  readonly #told = new Set<string>();

  constructor(options: WatchdogOptions) {
    this.#o = { stallAfterMs: 30_000, checkEveryMs: 5000, now: Date.now, ...options };
  }

  start(): void {
    this.#startedAt = this.#o.now();
    this.#timer = setInterval(() => {
      if (!this.#checking) void this.check().catch((error) => this.#o.logger.error({ err: error }, 'the scheduler watchdog failed'));
    }, this.#o.checkEveryMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#checking?.catch(() => undefined);
  }

  /** Looks once: raises or closes alerts as the newest heartbeat says. */
  check(): Promise<WatchdogCheck> {
    const checking = this.#check().finally(() => {
      if (this.#checking === checking) this.#checking = undefined;
    });
    this.#checking = checking;
    return checking;
  }

  async #check(): Promise<WatchdogCheck> {
    const { store, stallAfterMs } = this.#o;
    const now = this.#o.now();
    const newest = await store.schedulerHeartbeats.newest();
    // With no beat ever, the grace runs from this watchdog's start (the scheduler may be starting).
    const since = newest?.lastBeatAt ?? this.#startedAt ?? now;
    if (now - since <= stallAfterMs) {
      this.#episode = undefined;
      this.#told.clear();
      if (!this.#mayHaveOpen) return { stalled: false, raised: [], resolved: 0 };
      const resolved = await store.alerts.resolve('SCHEDULER_STALLED', WATCHDOG_ACTOR, now);
      this.#mayHaveOpen = false;
      if (resolved > 0) this.#o.logger.info({ resolved }, 'scheduler heartbeats resumed; stall alerts closed');
      return { stalled: false, raised: [], resolved };
    }
    const episode = newest?.lastBeatAt ?? -1;
    if (this.#episode !== episode) {
      this.#episode = episode;
      this.#told.clear();
    }
    this.#mayHaveOpen = true;
    const seconds = Math.round((now - since) / 1000);
    const message = newest
      ? `no scheduler has written a heartbeat for ${seconds} s (the last was node "${newest.node}" at ${new Date(newest.lastBeatAt).toISOString()}): ` +
        'schedules are not firing. Check that a serve or worker process is running and can reach the store.'
      : `no scheduler has ever written a heartbeat to this store (watched for ${seconds} s): schedules are not firing. ` +
        'Start a serve or worker process; API-only processes do not fire schedules.';
    const raised: string[] = [];
    for (const orgId of await store.schedules.activeOrgs()) {
      if (this.#told.has(orgId)) continue;
      const created = await store.alerts.insert({ id: newId(), orgId, kind: 'SCHEDULER_STALLED', message, raisedAt: now, dedupeKey: STALL_DEDUPE_KEY });
      this.#told.add(orgId);
      if (created) raised.push(orgId);
    }
    if (raised.length) this.#o.logger.warn({ orgs: raised, lastBeatAt: newest?.lastBeatAt }, 'the scheduler is stalled; alerts raised');
    return { stalled: true, raised, resolved: 0 };
  }
}

/**
 * What the trigger tests share: instants written as ISO strings, a validated cron in a zone, the next
 * fire times from an instant as ISO strings, and the fixed "now" every trigger is validated at.
 */
import { nextFireTimes, validateTrigger } from '../../src/engine/services/triggers.js';
import type { Trigger } from '../../src/engine/domain/schedule.js';

export const ms = (iso: string) => Date.parse(iso);
export const isos = (times: number[]) => times.map((t) => new Date(t).toISOString());
export const cron = (expr: string, timezone = 'UTC'): Trigger => validateTrigger({ kind: 'CRON', cron: expr, timezone }, NOW);
export const next = (trigger: Trigger, after: string, count: number, anchor?: string) =>
  isos(nextFireTimes(trigger, ms(after), count, anchor === undefined ? undefined : ms(anchor)));

export const NOW = ms('2026-01-01T00:00:00.000Z');

/**
 * How long before an instant its slots start being written ahead. The configured aheadMs is the
 * least; when many schedules share the instant (10,000 on one cron), writing them all takes longer
 * than that, so the lead grows with their number at the write rate this scheduler measured on its
 * own passes ahead, with a margin, up to MAX_LEAD_MS.
 */

/** A lead never goes past this: slots are not written further ahead than half a minute. */
export const MAX_LEAD_MS = 30_000;
/** The write rate assumed before any pass ahead was measured, ms per slot (measured: 0.03-0.06). */
const FIRST_MS_PER_SLOT = 0.1;
/** The lead is this many times the time the slots are expected to take. */
const MARGIN = 2;
/** A pass that wrote fewer slots than this says little about the rate: it is not counted. */
const MIN_SAMPLE = 100;
/** Each measured pass moves the rate this far toward its own (the rest is the rate before). */
const WEIGHT = 0.5;

export class AheadLead {
  #msPerSlot = FIRST_MS_PER_SLOT;

  constructor(private readonly aheadMs: number) {}

  /** The write rate the lead is computed from, ms per slot. */
  get msPerSlot(): number {
    return this.#msPerSlot;
  }

  /** A pass ahead wrote `slots` in `elapsedMs` (wall clock, the loop's other work included). */
  measured(slots: number, elapsedMs: number): void {
    if (slots < MIN_SAMPLE) return;
    this.#msPerSlot = (1 - WEIGHT) * this.#msPerSlot + WEIGHT * (elapsedMs / slots);
  }

  /** The lead for an instant that `slots` schedules share. */
  for(slots: number): number {
    return Math.min(MAX_LEAD_MS, Math.max(this.aheadMs, Math.ceil(slots * this.#msPerSlot * MARGIN)));
  }
}

/**
 * Large change events split by the server (`$changeStreamSplitLargeEvent`, MongoDB 7.0 and 6.0.9+):
 * an event over 16 MiB arrives as fragments, in order, each with `splitEvent: { fragment, of }` and
 * some of the event's top-level fields. The size caps (domain/size-limits.ts) and the pipeline's
 * projections keep events far below 16 MiB; this is the safety net for what they do not foresee.
 */
import type { ChangeStreamDocument, Document } from 'mongodb';

/** Whether the server can split large events: 7.0 and newer, and 6.0.9 and newer in 6.0. */
export function supportsSplitEvents(buildInfo: Document): boolean {
  const parts = Array.isArray(buildInfo.versionArray)
    ? (buildInfo.versionArray as number[])
    : String(buildInfo.version ?? '').split('.').map(Number);
  const [major = 0, minor = 0, patch = 0] = parts;
  return major > 6 || (major === 6 && (minor > 0 || patch >= 9));
}

export const SPLIT_STAGE = { $changeStreamSplitLargeEvent: {} } as const;

/** Joins fragments back into one change; a change that was never split passes through. */
export class Fragments {
  #parts: Document[] = [];

  /** True while some fragments of an event have arrived and others have not. */
  get pending(): boolean {
    return this.#parts.length > 0;
  }

  /** Forgets a half-received event (its stream is gone; the next one replays it from the start). */
  reset(): void {
    this.#parts = [];
  }

  /**
   * The whole change once its last fragment is in (its resume token is the last fragment's: resuming
   * from it continues with the next event); undefined while fragments are missing. Throws when a
   * fragment comes out of order (the event is lost, and the error says so).
   */
  add(change: Document): ChangeStreamDocument | undefined {
    const split = change.splitEvent as { fragment: number; of: number } | undefined;
    if (!split) {
      if (this.pending) {
        this.reset();
        throw new Error('a split change event was cut short: its remaining fragments never came');
      }
      return change as ChangeStreamDocument;
    }
    if (split.fragment === 1) this.#parts = [];
    else if (this.#parts.length !== split.fragment - 1) {
      this.reset();
      throw new Error(`fragment ${split.fragment} of ${split.of} of a split change event came without the ones before it`);
    }
    this.#parts.push(change);
    if (split.fragment < split.of) return undefined;
    const whole: Document = Object.assign({}, ...this.#parts);
    delete whole.splitEvent;
    whole._id = change._id;
    this.reset();
    return whole as ChangeStreamDocument;
  }
}

/**
 * The open page of a live list and how live events change it. Each list says what one of its events
 * does to the page (a pure function: the rows it moves, the total, or "ask the server again");
 * this module holds what every list shares: the page's shape, where the reader is, and the events
 * kept to be applied again over a page that was being fetched while they arrived.
 * Pure, shared with the unit tests.
 */

export interface LivePage<Row> {
  rows: readonly Row[];
  totalCount: number;
  /** Matching rows that arrived where the reader does not see them (another page) since this page loaded. */
  pending: number;
}

/** Where the page is, as an event needs to know to place a row. */
export interface PagePosition {
  firstPage: boolean;
  /** No page after this one: a row older than the last one still belongs here. */
  lastPage: boolean;
  /**
   * The event is applied again over a page fetched after it may have been read: it only updates rows
   * it is newer than, and never counts, since the page may already include it.
   */
  replay: boolean;
}

/** What an event does: a new page, and whether the page must be asked for again (it cannot tell). */
export interface LiveChange<Row> {
  page?: LivePage<Row>;
  refetch?: boolean;
}

/** One event, ready to apply to whichever page is open when it is applied. */
export type LiveUpdate<Row> = (page: LivePage<Row>, at: PagePosition) => LiveChange<Row>;

/** Updates kept for `windowMs`, oldest first. */
export class ReplayWindow<T> {
  private kept: { at: number; item: T }[] = [];

  constructor(private readonly windowMs: number) {}

  push(item: T, now: number): void {
    if (this.windowMs <= 0) return;
    this.kept.push({ at: now, item });
    this.drop(now);
  }

  /** What arrived in the last `windowMs`. */
  items(now: number): T[] {
    this.drop(now);
    return this.kept.map((k) => k.item);
  }

  clear(): void {
    this.kept = [];
  }

  private drop(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.kept.length && this.kept[0]!.at < cutoff) this.kept.shift();
  }
}

/** A page from the server with the recent updates applied again on top (their refetch asks are moot). */
export function replayOver<Row>(fresh: LivePage<Row>, updates: readonly LiveUpdate<Row>[], at: Omit<PagePosition, 'replay'>): LivePage<Row> {
  let page = fresh;
  for (const update of updates) page = update(page, { ...at, replay: true }).page ?? page;
  return page;
}

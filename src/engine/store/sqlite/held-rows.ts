/**
 * The rows of the jobs this process holds under a lease, as the store has them. The jobs repository is
 * the only writer of the jobs table and one process owns the file, so the row a claim started, with
 * every write made to it since applied here as well, is the row on disk: an outcome is written and
 * announced without reading the row back (that read was about a tenth of a drain's time). A row not
 * found here (another store instance claimed it, or it was forgotten) is read back as before.
 */
import type { Row } from './rows.js';

export class HeldRows {
  readonly #rows = new Map<string, Row>();

  hold(row: Row): void {
    this.#rows.set(row.id as string, row);
  }

  get(id: string): Row | undefined {
    return this.#rows.get(id);
  }

  /** A write the store made to a held row (heartbeat, progress, checkpoint, cancel request). */
  patch(id: string, fields: Row): void {
    const row = this.#rows.get(id);
    if (row) Object.assign(row, fields);
  }

  /** Takes the row out (its attempt ended, or the lease was recovered); undefined if not held. */
  take(id: string): Row | undefined {
    const row = this.#rows.get(id);
    if (row) this.#rows.delete(id);
    return row;
  }

  get size(): number {
    return this.#rows.size;
  }
}

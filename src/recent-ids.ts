/**
 * Ids added lately: at least the latest `min` are remembered, at most twice that, in two
 * generations. Forgetting the oldest one at a time from the front of a Set leaves deleted slots that
 * every later look at the front walks over, so past many deletions each add cost tens of µs;
 * dropping a whole generation costs nothing per id.
 */
export class RecentIds {
  #ids = new Set<string>();
  #older = new Set<string>();

  constructor(private readonly min: number) {}

  /** True when the id was not remembered (and now is). */
  add(id: string): boolean {
    if (this.#ids.has(id) || this.#older.has(id)) return false;
    if (this.#ids.size >= this.min) {
      this.#older = this.#ids;
      this.#ids = new Set();
    }
    this.#ids.add(id);
    return true;
  }
}

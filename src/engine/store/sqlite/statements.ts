/** Prepared statements, cached by their SQL text (dynamic filters yield a small, finite set of shapes). */
import type Database from 'better-sqlite3';

export class Statements {
  readonly #cache = new Map<string, Database.Statement>();
  readonly #rawCache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.#cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.#cache.set(sql, statement);
    }
    return statement;
  }

  /** The statement in raw mode (rows as arrays), cached apart from the same SQL in object mode. */
  raw(sql: string): Database.Statement {
    let statement = this.#rawCache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql).raw(true);
      this.#rawCache.set(sql, statement);
    }
    return statement;
  }
}

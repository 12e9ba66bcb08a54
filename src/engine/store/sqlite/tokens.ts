/** API tokens on SQLite, found by the hash of their secret. */
import type { ApiToken } from '../../domain/types.js';
import type { TokenRepository } from '../port.js';
import { rowToToken, type Row } from './rows.js';
import type { Statements } from './statements.js';

export class SqliteTokenRepository implements TokenRepository {
  constructor(private readonly s: Statements) {}

  async insert(t: ApiToken): Promise<void> {
    this.s
      .get(
        `INSERT INTO api_tokens (id, hash, org_id, user_id, name, permissions, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(t.id, t.hash, t.orgId, t.userId, t.name ?? null, JSON.stringify(t.permissions), t.createdAt, t.expiresAt ?? null);
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const row = this.s.get('SELECT * FROM api_tokens WHERE hash = ?').get(hash) as Row | undefined;
    return row ? rowToToken(row) : undefined;
  }

  async list(orgId?: string): Promise<ApiToken[]> {
    const rows = (
      orgId === undefined
        ? this.s.get('SELECT * FROM api_tokens ORDER BY created_at').all()
        : this.s.get('SELECT * FROM api_tokens WHERE org_id = ? ORDER BY created_at').all(orgId)
    ) as Row[];
    return rows.map(rowToToken);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    return this.s.get('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, id).changes > 0;
  }

  async touch(id: string, now: number): Promise<void> {
    this.s.get('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, id);
  }

  async countAdmins(): Promise<number> {
    return (
      this.s
        .get(
          `SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL
           AND EXISTS (SELECT 1 FROM json_each(permissions) WHERE value = 'admin')`,
        )
        .get() as { n: number }
    ).n;
  }
}

/**
 * API tokens: random secrets shown once, stored as sha256 hashes. A token carries an org, a user and
 * permissions; `admin` implies every permission.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UnauthenticatedError, ValidationError } from '../domain/errors.js';
import { newId } from '../domain/ids.js';
import type { Store } from '../store/port.js';
import { PERMISSIONS, type ApiToken, type Permission } from '../domain/types.js';

/**
 * The org of the bootstrap admin. An admin token of this org is the system admin: the operator of the
 * whole installation, who may see what serves every org (the workers' hosts and process ids). An
 * admin token of any other org administers that org only.
 */
export const SYSTEM_ORG = 'default';

export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export interface NewToken {
  orgId: string;
  userId: string;
  permissions: string[];
  name?: string;
  expiresAt?: number;
}

export class TokenService {
  readonly #lastTouched = new Map<string, number>();

  constructor(private readonly store: Store) {}

  /** Creates a token; the secret is returned here and never again. */
  async create(input: NewToken, secret = `jc_${randomBytes(32).toString('base64url')}`): Promise<{ secret: string; token: ApiToken }> {
    const issues = [];
    if (!ID_PATTERN.test(input.orgId)) issues.push({ path: 'org', message: 'must be 1-128 letters, digits, ".", "_", "@" or "-"' });
    if (!ID_PATTERN.test(input.userId)) issues.push({ path: 'user', message: 'must be 1-128 letters, digits, ".", "_", "@" or "-"' });
    const unknown = input.permissions.filter((p) => !(PERMISSIONS as readonly string[]).includes(p));
    if (unknown.length) issues.push({ path: 'permissions', message: `unknown: ${unknown.join(', ')}; known: ${PERMISSIONS.join(', ')}` });
    if (input.permissions.length === 0) issues.push({ path: 'permissions', message: 'give at least one' });
    if (issues.length) throw new ValidationError(issues);
    const token: ApiToken = {
      id: newId(),
      hash: hashToken(secret),
      orgId: input.orgId,
      userId: input.userId,
      permissions: [...new Set(input.permissions)] as Permission[],
      createdAt: Date.now(),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.expiresAt !== undefined && { expiresAt: input.expiresAt }),
    };
    await this.store.tokens.insert(token);
    return { secret, token };
  }

  /** The token for a secret, or UnauthenticatedError saying what is wrong with it. */
  async verify(secret: string | undefined): Promise<ApiToken> {
    if (!secret) throw new UnauthenticatedError('missing API token: send "Authorization: Bearer <token>"');
    const token = await this.store.tokens.findByHash(hashToken(secret));
    const now = Date.now();
    if (!token) throw new UnauthenticatedError('invalid API token');
    if (token.revokedAt !== undefined) throw new UnauthenticatedError('this API token was revoked');
    if (token.expiresAt !== undefined && token.expiresAt <= now) throw new UnauthenticatedError('this API token has expired');
    // lastUsedAt is informational: write it at most once a minute per token.
    if (now - (this.#lastTouched.get(token.id) ?? 0) > 60_000) {
      this.#lastTouched.set(token.id, now);
      await this.store.tokens.touch(token.id, now);
    }
    return token;
  }

  /**
   * Re-reads a token already verified (an open socket's): why it no longer holds, or undefined while
   * it does. Another process may have revoked it.
   */
  async recheck(token: Pick<ApiToken, 'hash'>): Promise<'revoked' | 'expired' | undefined> {
    const current = await this.store.tokens.findByHash(token.hash);
    if (!current || current.revokedAt !== undefined) return 'revoked';
    if (current.expiresAt !== undefined && current.expiresAt <= Date.now()) return 'expired';
    return undefined;
  }

  /**
   * Makes sure an admin token exists. With `configured`, that secret becomes one (if new). Otherwise a
   * token is generated when there is no admin token at all; its secret is returned to be shown once.
   */
  async bootstrapAdmin(configured: string | undefined): Promise<{ created: boolean; secret?: string }> {
    const admin = { orgId: SYSTEM_ORG, userId: 'admin', permissions: ['admin'], name: 'bootstrap admin' };
    if (configured) {
      if (await this.store.tokens.findByHash(hashToken(configured))) return { created: false };
      await this.create(admin, configured);
      return { created: true };
    }
    if ((await this.store.tokens.countAdmins()) > 0) return { created: false };
    const { secret } = await this.create(admin);
    return { created: true, secret };
  }
}

/** An admin token of the system org (see SYSTEM_ORG). */
export function isSystemAdmin(token: Pick<ApiToken, 'orgId' | 'permissions'> | undefined): boolean {
  return token !== undefined && token.orgId === SYSTEM_ORG && token.permissions.includes('admin');
}

export function hasPermission(token: Pick<ApiToken, 'permissions'>, permission: Permission): boolean {
  return token.permissions.includes('admin') || token.permissions.includes(permission);
}

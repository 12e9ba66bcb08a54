/**
 * API tokens: random secrets shown once, stored as sha256 hashes. A token carries an org, a user and
 * permissions; `admin` implies every permission.
 *
 * Verified tokens are remembered for `rereadMs` (by hash, never by secret), so a request does not read
 * the store for its token. What that means for a token that stops holding:
 * - expiry is checked on every request against the clock: an expired token fails at once;
 * - a revocation through this service (`revoke`) forgets the token at once in this process;
 * - a revocation by another process (`jobcenter token revoke`, another API process on MongoDB) is
 *   seen here when the remembered copy is re-read: within `rereadMs`.
 */
import { createHash, randomBytes } from 'node:crypto';
import QuickLRU from 'quick-lru';
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

/** How long a verified token is used without reading it again, unless told otherwise. */
export const DEFAULT_TOKEN_REREAD_MS = 5_000;

export interface TokenServiceOptions {
  /**
   * How long a verified token is used before it is read from the store again: the longest a
   * revocation made by another process goes unseen here. 0 reads the store on every request.
   */
  rereadMs?: number;
  /** Tokens remembered at most (the least recently used go first). */
  maxRemembered?: number;
}

export class TokenService {
  readonly #lastTouched = new Map<string, number>();
  /** Found tokens by hash, each for `rereadMs` (unset when it is 0). Unknown secrets are not kept. */
  readonly #byHash: QuickLRU<string, ApiToken> | undefined;

  constructor(
    private readonly store: Store,
    options: TokenServiceOptions = {},
  ) {
    const rereadMs = options.rereadMs ?? DEFAULT_TOKEN_REREAD_MS;
    if (rereadMs > 0) this.#byHash = new QuickLRU({ maxSize: options.maxRemembered ?? 10_000, maxAge: rereadMs });
  }

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
    const token = await this.#find(hashToken(secret));
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
   * The org of a token verified lately in this process, without reading the store: undefined for a
   * secret not remembered (unknown, or not seen lately). It says whose a request is before the
   * request is verified; it grants nothing.
   */
  rememberedOrg(secret: string): string | undefined {
    return this.#byHash?.get(hashToken(secret))?.orgId;
  }

  /**
   * Revokes a token by id: from now on it fails in this process at once (other processes: see the
   * top of this file). False when there is no such token or it was revoked already.
   */
  async revoke(id: string, now = Date.now()): Promise<boolean> {
    const done = await this.store.tokens.revoke(id, now);
    this.#forget(id);
    return done;
  }

  /**
   * Re-reads a token already verified (an open socket's): why it no longer holds, or undefined while
   * it does. Another process may have revoked it.
   */
  async recheck(token: Pick<ApiToken, 'hash'>): Promise<'revoked' | 'expired' | undefined> {
    const current = await this.store.tokens.findByHash(token.hash);
    if (current) this.#byHash?.set(current.hash, frozen(current));
    else this.#byHash?.delete(token.hash);
    if (!current || current.revokedAt !== undefined) return 'revoked';
    if (current.expiresAt !== undefined && current.expiresAt <= Date.now()) return 'expired';
    return undefined;
  }

  /** The token with this hash: remembered, or read from the store (and remembered when found). */
  async #find(hash: string): Promise<ApiToken | undefined> {
    const remembered = this.#byHash?.get(hash);
    if (remembered) return remembered;
    const token = await this.store.tokens.findByHash(hash);
    if (!token) return undefined;
    const shared = frozen(token);
    this.#byHash?.set(hash, shared);
    return shared;
  }

  #forget(id: string): void {
    if (!this.#byHash) return;
    const hashes = [...this.#byHash].filter(([, token]) => token.id === id).map(([hash]) => hash);
    for (const hash of hashes) this.#byHash.delete(hash);
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

/** A remembered token is shared by every request that presents it: nobody may change it. */
function frozen(token: ApiToken): ApiToken {
  Object.freeze(token.permissions);
  return Object.freeze(token);
}

/** An admin token of the system org (see SYSTEM_ORG). */
export function isSystemAdmin(token: Pick<ApiToken, 'orgId' | 'permissions'> | undefined): boolean {
  return token !== undefined && token.orgId === SYSTEM_ORG && token.permissions.includes('admin');
}

export function hasPermission(token: Pick<ApiToken, 'permissions'>, permission: Permission): boolean {
  return token.permissions.includes('admin') || token.permissions.includes(permission);
}

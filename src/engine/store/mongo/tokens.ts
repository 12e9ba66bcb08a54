/** API tokens on MongoDB, found by the hash of their secret. */
import type { Collection } from 'mongodb';
import type { ApiToken } from '../../domain/types.js';
import type { TokenRepository } from '../port.js';
import { docToToken, toDoc, type TokenDoc } from './documents.js';

export class MongoTokenRepository implements TokenRepository {
  constructor(private readonly tokens: Collection<TokenDoc>) {}

  async insert(token: ApiToken): Promise<void> {
    await this.tokens.insertOne(toDoc(token) as TokenDoc);
  }

  async findByHash(hash: string): Promise<ApiToken | undefined> {
    const doc = await this.tokens.findOne({ hash });
    return doc ? docToToken(doc) : undefined;
  }

  async list(orgId?: string): Promise<ApiToken[]> {
    const docs = await this.tokens.find(orgId === undefined ? {} : { orgId }).sort({ createdAt: 1 }).toArray();
    return docs.map(docToToken);
  }

  async revoke(id: string, now: number): Promise<boolean> {
    const result = await this.tokens.updateOne({ _id: id, revokedAt: { $exists: false } }, { $set: { revokedAt: now } });
    return result.modifiedCount > 0;
  }

  async touch(id: string, now: number): Promise<void> {
    await this.tokens.updateOne({ _id: id }, { $set: { lastUsedAt: now } });
  }

  countAdmins(): Promise<number> {
    return this.tokens.countDocuments({ revokedAt: { $exists: false }, permissions: 'admin' });
  }
}

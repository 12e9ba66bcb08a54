/**
 * The store contract over MongoDB, one fresh database per test, when a replica set is available
 * (see test/setup/mongo.ts); otherwise skipped with the reason printed once by the setup.
 */
import { MongoClient } from 'mongodb';
import { afterAll, describe, inject, test } from 'vitest';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { openMongoStore } from '../../src/engine/store/mongo/index.js';
import { newId } from '../../src/engine/domain/ids.js';
import { defineStoreContract } from './contract.js';

const uri = inject('mongoUri');

if (uri) {
  const databases: string[] = [];
  afterAll(async () => {
    const client = await new MongoClient(uri).connect();
    for (const name of databases) await client.db(name).dropDatabase();
    await client.close();
  });
  defineStoreContract('mongo', () => {
    const dbName = `jc_contract_${newId().replaceAll('-', '').slice(-16)}`;
    databases.push(dbName);
    return openMongoStore({ uri, dbName, nodeName: 'contract', logger: silentLogger });
  });
} else {
  describe.skip('store contract: mongo', () => {
    test(`needs a MongoDB replica set (${inject('mongoSkipReason')})`, () => undefined);
  });
}

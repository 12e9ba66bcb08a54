/**
 * `npm run test:mongo`: the MongoDB store's tests against the replica set in MONGODB_URI — the store
 * contract, several executors on one database, and the adapter's unit tests. Without MONGODB_URI it
 * stops and says how to get one, rather than skipping everything that matters.
 */
import { spawnSync } from 'node:child_process';

if (!process.env.MONGODB_URI) {
  console.error(
    'test:mongo needs MONGODB_URI pointing at a MongoDB 6.0+ replica set, e.g.\n' +
      '  mongod --replSet rs0 --dbpath /tmp/jc-rs0 --port 27017   # then, once: mongosh --eval "rs.initiate()"\n' +
      "  MONGODB_URI='mongodb://127.0.0.1:27017/?replicaSet=rs0' npm run test:mongo",
  );
  process.exit(2);
}

const files = ['test/store-contract/mongo.test.ts', 'test/store-contract/mongo-executors.test.ts', 'test/mongo/'];
const run = spawnSync('npx', ['vitest', 'run', ...files, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);

// Insert cost of 1,000 jobs into the seeded store, with and without the search triggers (rolled back).
import Database from 'better-sqlite3';
import { newId } from './src/engine/domain/ids.js';
const db = new Database('/tmp/bench-api/data/jobcenter.db');
db.pragma('busy_timeout = 10000');
const ins = db.prepare(`INSERT INTO jobs (id, org_id, type, status, priority, payload, max_attempts, run_at, created_at, updated_at)
  VALUES (?, 'default', 'sleep', 'QUEUED', 0, ?, 1, ?, ?, ?)`);
function run(label: string, setup?: string) {
  const t0 = performance.now();
  db.exec('BEGIN');
  if (setup) db.exec(setup);
  const t1 = performance.now();
  for (let i = 0; i < 1000; i++) { const now = Date.now(); ins.run(newId(), JSON.stringify({ ms: 0, note: `bench ${i}` }), now, now, now); }
  const ms = performance.now() - t1;
  db.exec('ROLLBACK');
  console.log(label, ms.toFixed(1), 'ms per 1,000 inserts');
}
for (let r = 0; r < 3; r++) {
  run('all triggers');
  run('without search triggers', 'DROP TRIGGER jobs_search_insert;');
  run('without search and count triggers', 'DROP TRIGGER jobs_search_insert; DROP TRIGGER jobs_count_insert;');
}

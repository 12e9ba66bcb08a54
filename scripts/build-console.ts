/**
 * Builds the console into client/dist when its sources changed since the last build (`npm start`
 * calls this, so a fresh clone gets a console and a restart costs nothing); `--force` always builds.
 */
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const client = path.join(root, 'client');
const stamp = path.join(client, 'dist', '.build-stamp');

function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestChange(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function sourcesChangedAt(): number {
  const files = ['index.html', 'vite.config.ts', 'tsconfig.json'].map((f) => path.join(client, f));
  files.push(path.join(root, 'package-lock.json'));
  return Math.max(newestChange(path.join(client, 'src')), ...files.filter(existsSync).map((f) => statSync(f).mtimeMs));
}

const force = process.argv.includes('--force');
const builtAt = existsSync(stamp) ? Number(readFileSync(stamp, 'utf8')) : 0;
if (!force && builtAt >= sourcesChangedAt() && existsSync(path.join(client, 'dist', 'index.html'))) {
  process.exit(0);
}
console.log('building the console (client/dist)…');
const startedAt = Date.now();
// Built beside dist and swapped in, so a server (or a parallel build) never sees a half-written one.
const fresh = path.join(client, `.dist-${process.pid}`);
const old = path.join(client, `.dist-old-${process.pid}`);
await build({ configFile: path.join(client, 'vite.config.ts'), logLevel: 'warn', build: { outDir: fresh, emptyOutDir: true } });
writeFileSync(path.join(fresh, '.build-stamp'), String(Date.now()));
const dist = path.join(client, 'dist');
if (existsSync(dist)) renameSync(dist, old);
renameSync(fresh, dist);
rmSync(old, { recursive: true, force: true });
console.log(`console built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);

/**
 * `plugin-api` is what every plugin imports, so whatever it loads, the server loads once per plugin
 * and a plugin author's tests load too. It must stay light: the domain, `define.ts`, zod, two leaf
 * helpers and the guarded HTTP client (`src/tasks/network/`, Node built-ins only), never the executor, a store or better-sqlite3 (those belong to `jobcenter/testkit`).
 *
 * Each import runs in a fresh `node --import tsx` process with a load hook that records the URL of
 * every module loaded after it is registered; CommonJS modules are also read from `require.cache`.
 * The test kit is the control: it must show up as heavy, or the recording proves nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { pluginEntries } from '../src/tasks/loader.js';
import { useTempDirs } from './helpers/tmp.js';

const REPO_ROOT = fs.realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const temp = useTempDirs('jobcenter-imports-');

/** Runs in the hooks thread: appends each loaded module's URL to the file it is given. */
const RECORDING_HOOKS = `
import fs from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  fs.appendFileSync(file, url + '\\n');
  return result;
}
`;

/** The URLs of the modules loaded by importing `specifier` in a fresh process (cwd: the repo). */
async function modulesLoadedBy(specifier: string): Promise<string[]> {
  const file = temp.file('loaded.txt');
  fs.writeFileSync(file, '');
  const script = `
import fs from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
const require = createRequire(pathToFileURL(process.cwd() + '/'));
const before = new Set(Object.keys(require.cache));
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(RECORDING_HOOKS)}`)}, { data: { file: ${JSON.stringify(file)} } });
await import(${JSON.stringify(specifier)});
const required = Object.keys(require.cache).filter((key) => !before.has(key));
fs.appendFileSync(${JSON.stringify(file)}, required.map((key) => pathToFileURL(key).href + '\\n').join(''));
`;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: REPO_ROOT,
    timeout: 20_000,
  });
  return [...new Set(fs.readFileSync(file, 'utf8').split('\n').filter((url) => url.startsWith('file:')))];
}

interface Loaded {
  /** Files of this repository, relative to its root ('src/tasks/define.ts'). */
  files: string[];
  /** Packages from node_modules, by name. */
  packages: string[];
}

function classify(urls: string[]): Loaded {
  const files = new Set<string>();
  const packages = new Set<string>();
  for (const url of urls) {
    const file = fileURLToPath(url);
    const marker = `${path.sep}node_modules${path.sep}`;
    const inModules = file.lastIndexOf(marker);
    if (inModules >= 0) {
      const [scope, name] = file.slice(inModules + marker.length).split(path.sep);
      packages.add(scope?.startsWith('@') ? `${scope}/${name}` : scope!);
    } else if (file.startsWith(REPO_ROOT + path.sep)) {
      files.add(path.relative(REPO_ROOT, file).split(path.sep).join('/'));
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/** Runtime modules plugin-api may load: leaves with no imports but types. */
const RUNTIME_LEAVES = ['src/engine/runtime/abortable-sleep.ts', 'src/engine/runtime/llm/provider.ts'];

/** What must never load with a plugin: the engine above the domain, the test kit, the registry. */
function heavy(loaded: Loaded): string[] {
  const files = loaded.files.filter(
    (f) =>
      (/^src\/engine\/(store|services|runtime)\//.test(f) && !RUNTIME_LEAVES.includes(f)) ||
      f.startsWith('src/testkit/') ||
      /^src\/(tasks\/(registry|loader)|app|server|main)\.ts$/.test(f),
  );
  return [...files, ...loaded.packages.filter((p) => p === 'better-sqlite3')];
}

test('the test kit (the control) loads the executor, the store and better-sqlite3', async () => {
  const loaded = classify(await modulesLoadedBy('jobcenter/testkit'));
  expect(loaded.files).toContain('src/engine/runtime/executor/executor.ts');
  expect(loaded.files.some((f) => f.startsWith('src/engine/store/sqlite/'))).toBe(true);
  expect(loaded.packages).toContain('better-sqlite3');
});

test('jobcenter/plugin-api loads only the domain, define.ts, two runtime leaves, the guarded HTTP client and zod', async () => {
  const loaded = classify(await modulesLoadedBy('jobcenter/plugin-api'));
  expect(loaded.files).toContain('src/tasks/plugin-api.ts');
  expect(heavy(loaded)).toEqual([]);
  const allowed = (f: string) =>
    f.startsWith('src/engine/domain/') ||
    f.startsWith('src/tasks/network/') ||
    RUNTIME_LEAVES.includes(f) ||
    ['src/tasks/plugin-api.ts', 'src/tasks/define.ts'].includes(f);
  expect(loaded.files.filter((f) => !allowed(f))).toEqual([]);
  expect(loaded.packages).toEqual(['zod']);
});

const builtIn = pluginEntries(path.join(REPO_ROOT, 'plugins'));

test('there are built-in plugins to check', () => {
  expect(builtIn.length).toBeGreaterThan(0);
});

test.each(builtIn.map((entry) => [path.relative(REPO_ROOT, entry), entry]))(
  'the built-in plugin %s loads neither the executor, a store nor better-sqlite3',
  async (_name, entry) => {
    const loaded = classify(await modulesLoadedBy(pathToFileURL(entry).href));
    expect(loaded.files).toContain('src/tasks/plugin-api.ts');
    expect(heavy(loaded)).toEqual([]);
  },
);

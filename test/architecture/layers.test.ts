/**
 * The layering rules of ARCHITECTURE.md, checked on the import graph so they stay true. Inside the
 * engine, floors from the ground up: domain -> store -> services -> runtime; a floor imports only
 * floors below it (and itself). Around it: schema -> engine <- tasks; plugins -> plugin-api only;
 * the console talks to the server over the network only.
 */
import { describe, expect, test } from 'vitest';
import { importsOf, type Import } from './imports.js';

const FLOORS = ['domain', 'store', 'services', 'runtime'] as const;
type Floor = (typeof FLOORS)[number];
const ADAPTERS = ['src/engine/store/sqlite/', 'src/engine/store/mongo/'];

const floorOf = (file: string): Floor | undefined => FLOORS.find((f) => file.startsWith(`src/engine/${f}/`));
const show = (list: Import[]) => list.map((i) => `${i.from} -> ${i.file ?? i.pkg}`);

const engine = importsOf('src/engine');

describe('the engine', () => {
  test('each floor imports only floors below it, and nothing outside the engine', () => {
    const wrong = engine.filter((i) => {
      if (i.file === undefined) return false;
      const from = floorOf(i.from);
      const to = floorOf(i.file);
      if (from === undefined) return true; // every engine file lives on a floor
      return to === undefined || FLOORS.indexOf(to) > FLOORS.indexOf(from);
    });
    expect(show(wrong)).toEqual([]);
  });

  test('the domain imports no library but uuid (ids)', () => {
    const wrong = engine.filter((i) => floorOf(i.from) === 'domain' && i.pkg !== undefined && i.pkg !== 'uuid');
    expect(show(wrong)).toEqual([]);
  });

  test('adapters are siblings: neither imports the other, and no other engine module imports them', () => {
    const wrong = engine.filter((i) => {
      if (i.file === undefined) return false;
      const fromAdapter = ADAPTERS.find((a) => i.from.startsWith(a));
      const toAdapter = ADAPTERS.find((a) => i.file!.startsWith(a));
      return toAdapter !== undefined && fromAdapter !== toAdapter;
    });
    expect(show(wrong)).toEqual([]);
  });

  test('each driver is imported by its adapter only', () => {
    const drivers: Record<string, string> = { 'better-sqlite3': ADAPTERS[0]!, mongodb: ADAPTERS[1]! };
    const wrong = engine.filter((i) => i.pkg !== undefined && i.pkg in drivers && !i.from.startsWith(drivers[i.pkg]!));
    expect(show(wrong)).toEqual([]);
  });

  test('never knows GraphQL exists', () => {
    const wrong = engine.filter((i) => i.pkg !== undefined && /^(graphql|graphql-yoga|graphql-ws|@pothos\/)/.test(i.pkg));
    expect(show(wrong)).toEqual([]);
  });
});

test('resolvers read through services: nothing under src/schema imports the store', () => {
  const wrong = importsOf('src/schema').filter((i) => i.file?.startsWith('src/engine/store/'));
  expect(show(wrong)).toEqual([]);
});

test('the task API imports the engine, never the other way; tasks import no adapter', () => {
  const wrong = importsOf('src/tasks').filter((i) => i.file !== undefined && ADAPTERS.some((a) => i.file!.startsWith(a)));
  expect(show(wrong)).toEqual([]);
});

test('plugins import jobcenter only through the plugin API', () => {
  const wrong = importsOf('plugins').filter(
    (i) => (i.file !== undefined && i.file.startsWith('src/') && i.file !== 'src/tasks/plugin-api.ts') || (i.pkg === 'jobcenter' && i.specifier !== 'jobcenter/plugin-api'),
  );
  expect(show(wrong)).toEqual([]);
});

test('the console talks to the server over the network only', () => {
  const wrong = importsOf('client/src').filter((i) => i.file !== undefined && !i.file.startsWith('client/'));
  expect(show(wrong)).toEqual([]);
});

test('the rules see the graph (a reader that found nothing would pass every rule)', () => {
  expect(engine.filter((i) => i.from.startsWith('src/engine/store/sqlite/') && i.pkg === 'better-sqlite3').length).toBeGreaterThan(0);
  expect(engine.filter((i) => floorOf(i.from) === 'runtime' && i.file !== undefined && floorOf(i.file) === 'services').length).toBeGreaterThan(0);
  expect(importsOf('src/schema').filter((i) => i.file?.startsWith('src/engine/services/')).length).toBeGreaterThan(0);
});

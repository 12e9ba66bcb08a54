/** The store contract over the embedded SQLite adapter, one fresh database file per test. */
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { useTempDirs } from '../helpers/tmp.js';
import { defineStoreContract } from './contract.js';

const tmp = useTempDirs('jobcenter-sqlite-contract-');

defineStoreContract('sqlite', () => openSqliteStore({ file: tmp.file() }));

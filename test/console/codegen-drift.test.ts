/**
 * The console's typed documents (client/src/gql/) are generated from schema.graphql and the documents
 * in client/src, and committed: this fails when either changed without `npm run codegen`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { expect, test } from 'vitest';
import config from '../../codegen.js';
import { REPO_ROOT } from '../graphql/helpers.js';

test('client/src/gql is what `npm run codegen` generates now', async () => {
  const cwd = process.cwd();
  process.chdir(REPO_ROOT);
  try {
    const files = (await generate({ ...config, silent: true }, false)) as { filename: string; content: string }[];
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const onDisk = fs.readFileSync(path.resolve(REPO_ROOT, file.filename), 'utf8');
      expect(onDisk, `${file.filename} is stale: run npm run codegen`).toBe(file.content);
    }
  } finally {
    process.chdir(cwd);
  }
}, 60_000);

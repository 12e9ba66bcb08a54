/**
 * Prints the Pothos schema to schema.graphql; with --check, fails when the committed file is stale.
 * `--file PATH` checks or writes another file (the drift test uses it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchemaSdl } from '../src/schema/index.js';

const fileFlag = process.argv.indexOf('--file');
const file =
  fileFlag >= 0 && process.argv[fileFlag + 1]
    ? path.resolve(process.argv[fileFlag + 1]!)
    : path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema.graphql');
const sdl = printSchemaSdl();

if (process.argv.includes('--check')) {
  const committed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  if (committed !== sdl) {
    console.error(`${path.basename(file)} is out of date with the Pothos schema: run \`npm run schema:print\` and commit it.`);
    process.exit(1);
  }
  console.log(`${path.basename(file)} matches the Pothos schema.`);
} else {
  fs.writeFileSync(file, sdl);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

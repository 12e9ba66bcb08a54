/**
 * The import graph of the source tree, read with TypeScript's own pre-processor (imports, exports
 * from and dynamic imports with a literal name), so the layering rules can be checked as data.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Import {
  /** The importing file, relative to the root, with forward slashes. */
  from: string;
  /** What was written. */
  specifier: string;
  /** The file it names (relative to the root), for a relative import; undefined for a package. */
  file?: string;
  /** The package's name, for a bare import (node: built-ins keep their prefix). */
  pkg?: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sourceFiles(rel));
    } else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Every import of every .ts/.tsx file under the given folders. */
export function importsOf(...dirs: string[]): Import[] {
  const imports: Import[] = [];
  for (const from of dirs.flatMap(sourceFiles)) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, from), 'utf8'), true, true);
    for (const { fileName: specifier } of info.importedFiles) {
      if (specifier.startsWith('.')) {
        const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.js$/, '');
        const file = [`${resolved}.ts`, `${resolved}.tsx`, `${resolved}/index.ts`, resolved].find((f) => fs.existsSync(path.join(ROOT, f)));
        imports.push({ from, specifier, file: file ?? resolved });
      } else {
        imports.push({ from, specifier, pkg: packageName(specifier) });
      }
    }
  }
  return imports;
}

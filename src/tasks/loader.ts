/**
 * Loads plugins from a folder (one subfolder or file each) and from module names or paths. Each
 * failure is reported with the plugin's name and the reason; the caller decides whether it is fatal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PluginError, type TaskRegistry } from './registry.js';

export interface LoadReport {
  loaded: Array<{ name: string; version: string; source: string; types: string[] }>;
  failed: Array<{ source: string; error: string }>;
}

const ENTRY_FILES = ['index.ts', 'index.js', 'index.mjs'];

/** The module to import for each plugin in `dir`: `dir/x/index.{ts,js}` or `dir/x.{ts,js}`. */
export function pluginEntries(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const entries: string[] = [];
  for (const item of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) {
      const entry = ENTRY_FILES.map((f) => path.join(full, f)).find((f) => fs.existsSync(f));
      if (entry) entries.push(entry);
    } else if (/\.(ts|js|mjs)$/.test(item.name) && !/\.(test|d)\.ts$/.test(item.name)) {
      entries.push(full);
    }
  }
  return entries;
}

export async function loadPlugins(registry: TaskRegistry, sources: string[], baseDir = process.cwd()): Promise<LoadReport> {
  const report: LoadReport = { loaded: [], failed: [] };
  for (const source of sources) {
    try {
      const specifier = isPath(source) ? pathToFileURL(path.resolve(baseDir, source)).href : source;
      const module = (await import(specifier)) as { default?: unknown; plugin?: unknown };
      const plugin = module.default ?? module.plugin;
      if (plugin === undefined) throw new PluginError(source, 'the module has no default export (use definePlugin)');
      registry.add(plugin);
      const p = plugin as { name: string; version: string; tasks: Array<{ type: string }> };
      report.loaded.push({ name: p.name, version: p.version, source, types: p.tasks.map((t) => t.type) });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ source, error: message });
    }
  }
  return report;
}

function isPath(source: string): boolean {
  return source.startsWith('.') || path.isAbsolute(source);
}

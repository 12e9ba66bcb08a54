/**
 * A real `jobcenter serve` process over a temporary data dir, with one probe plugin in its plugins
 * dir (strict loading), for tests that kill and restart the server: a fresh work dir per test, removed
 * after it; `probeFile` is where the probe plugin writes what ran.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { dataAt } from '../graphql/helpers.js';
import { freePort, useProcesses, waitHealthy, type RunningProcess } from '../graphql/server-process.js';

export interface ProbeServer {
  proc: RunningProcess;
  url: string;
  data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface ProbeDirs {
  work: string;
  dataDir: string;
  pluginsDir: string;
  probeFile: string;
}

export function useProbeServers(options: { prefix: string; pluginFile: string; plugin: string; adminToken: string }): {
  dirs: ProbeDirs;
  start(env?: Record<string, string>): Promise<ProbeServer>;
} {
  const processes = useProcesses();
  const dirs: ProbeDirs = { work: '', dataDir: '', pluginsDir: '', probeFile: '' };
  beforeEach(() => {
    dirs.work = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
    dirs.dataDir = path.join(dirs.work, 'data');
    dirs.pluginsDir = path.join(dirs.work, 'plugins');
    dirs.probeFile = path.join(dirs.work, 'probe.log');
    fs.mkdirSync(dirs.pluginsDir);
    fs.writeFileSync(path.join(dirs.pluginsDir, options.pluginFile), options.plugin);
  });
  afterEach(() => {
    fs.rmSync(dirs.work, { recursive: true, force: true });
  });
  async function start(env: Record<string, string> = {}): Promise<ProbeServer> {
    const port = await freePort();
    const proc = processes.start(['serve'], {
      PORT: String(port),
      HOST: '127.0.0.1',
      JOBCENTER_DATA_DIR: dirs.dataDir,
      JOBCENTER_PLUGINS_DIR: dirs.pluginsDir,
      JOBCENTER_STRICT_PLUGINS: 'true',
      JOBCENTER_ADMIN_TOKEN: options.adminToken,
      LOG_LEVEL: 'warn',
      ...env,
    });
    await waitHealthy(proc, port);
    const url = `http://127.0.0.1:${port}/graphql`;
    return { proc, url, data: (query, variables) => dataAt(url, query, variables, options.adminToken) };
  }
  return { dirs, start };
}

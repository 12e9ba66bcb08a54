/**
 * The real CLI as a child process (`node --import tsx src/main.ts ...`), for crash and start-up tests.
 * `useProcesses()` kills whatever is still running after each test, failed ones included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterEach } from 'vitest';
import { REPO_ROOT } from './helpers.js';

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  /** Everything printed so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
  /** Waits for the exit (rejects after `timeoutMs`). */
  waitExit(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal and waits for the exit (rejects after `timeoutMs`). */
  kill(signal?: NodeJS.Signals, timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** The environment for a child: this process's, minus jobcenter's own settings, plus `env`. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(JOBCENTER_|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$|VITEST)/.test(key)) continue;
    base[key] = value;
  }
  return { ...base, ...env };
}

export function useProcesses(): { start(args: string[], env: Record<string, string>): RunningProcess } {
  const running = new Set<RunningProcess>();
  afterEach(async () => {
    for (const proc of [...running]) {
      if (proc.alive) await proc.kill('SIGKILL').catch(() => undefined);
    }
    running.clear();
  });
  return {
    start(args, env) {
      const proc = startProcess(args, env);
      running.add(proc);
      return proc;
    },
  };
}

export function startProcess(args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let alive = true;
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
    child.on('error', () => {
      alive = false;
      resolve({ code: null, signal: null });
    });
  });
  const proc: RunningProcess = {
    child,
    pid: child.pid!,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    get alive() {
      return alive;
    },
    kill(signal = 'SIGTERM', timeoutMs = 20_000) {
      if (alive) child.kill(signal);
      return proc.waitExit(timeoutMs);
    },
    async waitExit(timeoutMs = 30_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`pid ${child.pid} did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
  return proc;
}

/** A port that was free a moment ago (the server binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Waits until GET /healthz answers 200; fails early (with the output) if the process exits. */
export async function waitHealthy(proc: RunningProcess, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.alive) throw new Error(`the server exited before it was healthy:\n${proc.stdout}\n${proc.stderr}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the server was not healthy after ${timeoutMs} ms:\n${proc.stdout}\n${proc.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

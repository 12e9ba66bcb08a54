/**
 * Peers' figures from the same sitting: the JSON lines `../shared/peers/run.sh` writes (one line per
 * run). `BENCH_PEERS` names the file; without it the bench prints its own figures only. Each peer
 * figure is the median over that peer's runs, the way our own figures are.
 */
import fs from 'node:fs';
import { median } from './stats.js';

export interface PeerLine {
  lib: string;
  variant: string;
  test: string;
  param: string;
  run: number;
  jobsPerSec?: number;
  p50?: number;
  p99?: number;
}

/** A peer's median for one figure, named for the table ("graphile-worker tuned"). */
export interface PeerFigure {
  name: string;
  value: number;
}

/** Which of a peer's figures a row compares with: its test, its param's prefix and the field. */
export interface PeerQuery {
  test: string;
  /** The param's first part ("c=1" matches "c=1" and "c=1,n=...", never "c=10"); undefined for any. */
  param?: string;
  field: 'jobsPerSec' | 'p50' | 'p99';
}

export class PeerResults {
  constructor(
    readonly file: string | undefined,
    private readonly lines: PeerLine[],
    /** When the file was written (its mtime), to say how fresh it is. */
    readonly writtenAt?: Date,
  ) {}

  static load(file = process.env.BENCH_PEERS): PeerResults {
    if (!file) return new PeerResults(undefined, []);
    const text = fs.readFileSync(file, 'utf8');
    const lines = text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as PeerLine);
    return new PeerResults(file, lines, fs.statSync(file).mtime);
  }

  get empty(): boolean {
    return this.lines.length === 0;
  }

  /** The libraries and variants measured, for the header. */
  describe(): string[] {
    return [...new Set(this.lines.map((l) => `${l.lib} ${l.variant}`))];
  }

  /** Every peer's median for the figure (one entry per lib and variant that measured it). */
  figures(q: PeerQuery): PeerFigure[] {
    const groups = new Map<string, number[]>();
    for (const l of this.lines) {
      const v = l[q.field];
      const param = l.param.split(',')[0];
      if (l.test !== q.test || (q.param !== undefined && param !== q.param) || typeof v !== 'number') continue;
      const key = `${l.lib} ${l.variant}`;
      groups.set(key, [...(groups.get(key) ?? []), v]);
    }
    return [...groups].map(([name, values]) => ({ name: shortName(name), value: median(values) }));
  }
}

const shortName = (name: string): string =>
  name.replace('graphile-worker', 'graphile').replace('redis-aof-everysec', 'AOF').replace('redis-nosave', 'no-save');

#!/usr/bin/env bash
# `npm run bench:peers`: measures the peers (../shared/peers/run.sh: BullMQ, graphile-worker) and then
# runs `npm run bench` against those results, so every figure sits beside peers from the same sitting.
# PEERS_DIR names the harness (default ../shared/peers next to this checkout); its own knobs
# (PEERS_WORK, PEERS_OUT, REDIS_PORT, PG_PORT, SUITES, ...) pass through.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS_DIR=${PEERS_DIR:-$ROOT/../shared/peers}
if [ ! -f "$PEERS_DIR/run.sh" ]; then
  echo "no peers harness at $PEERS_DIR (set PEERS_DIR)" >&2
  exit 1
fi
export PEERS_WORK=${PEERS_WORK:-${TMPDIR:-/tmp}/jobcenter-peers}
OUT=${PEERS_OUT:-$PEERS_WORK/data}
bash "$PEERS_DIR/run.sh"
cd "$ROOT"
node --import tsx scripts/build-server.ts
BENCH_PEERS="$OUT/latest.jsonl" node --import tsx .compiled/bench/run.js

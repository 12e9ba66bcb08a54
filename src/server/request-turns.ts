/**
 * HTTP requests start in arrival order, a few per event-loop turn, so that no turn runs long.
 *
 * Node accepts one new connection per event-loop turn (libuv gives the listening socket one accept()
 * per poll). The SQLite store answers in microtasks, so every request read in a turn would otherwise
 * run to its end inside that turn: with 200 busy connections a turn took ~300 ms, and a client
 * connecting then waited in the accept queue behind hundreds of turns (2-10 s before its first byte
 * was read) while the requests of connected clients were answered in a few hundred ms.
 *
 * Here a request is queued when it arrives and started from a setImmediate callback; each turn
 * starts as many as keep the turn near `targetTurnMs` (halved when a turn ran long, grown by one
 * while they fit). Turns stay short, so connections are accepted at a steady rate, and requests
 * are answered first come, first served.
 */
export interface RequestTurnsOptions {
  /** How long one event-loop turn should take under load, in ms. */
  targetTurnMs: number;
  /** The clock, in ms (tests give their own). */
  now?: () => number;
}

export class RequestTurns {
  readonly #targetMs: number;
  readonly #now: () => number;
  #queue: Array<() => void> = [];
  #head = 0;
  #perTurn = 8;
  #scheduled = false;
  #lastTurnAt = 0;

  constructor(options: RequestTurnsOptions = { targetTurnMs: 5 }) {
    this.#targetMs = options.targetTurnMs;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Requests queued and not yet started. */
  get waiting(): number {
    return this.#queue.length - this.#head;
  }

  /** Starts `start` in its turn. */
  run(start: () => void): void {
    this.#queue.push(start);
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#lastTurnAt = 0;
      setImmediate(this.#turn);
    }
  }

  readonly #turn = (): void => {
    const now = this.#now();
    // The time since the last turn started is what the requests started then cost, with the
    // sockets read in between: the turn's length.
    if (this.#lastTurnAt > 0) {
      if (now - this.#lastTurnAt > this.#targetMs) this.#perTurn = Math.max(1, this.#perTurn >> 1);
      else if (this.waiting > this.#perTurn) this.#perTurn++;
    }
    this.#lastTurnAt = now;
    const end = Math.min(this.#queue.length, this.#head + this.#perTurn);
    while (this.#head < end) {
      const start = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as unknown as () => void;
      start();
    }
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
      this.#scheduled = false;
      return;
    }
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    setImmediate(this.#turn);
  };
}

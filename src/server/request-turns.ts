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
 * are answered first come, first served. A request whose body was still arriving when it started
 * goes on once the body is in, in a coming turn ahead of the requests not yet started (`resume`), so
 * its work also runs in a turn, not in whichever poll phase read its last bytes (a batch of 1,000
 * jobs is ~25 ms; several finishing in one poll made one long turn).
 *
 * Connections come first: a turn that follows the accept of a new connection starts nothing and
 * yields at once (for up to `acceptFirstMs`), so a burst of connections is accepted in a few quick
 * turns instead of one per request turn. When 50 clients connect together with batches of 1,000
 * jobs, the last one was accepted after 50 turns of ~25 ms, then queued behind everyone's first
 * request: its first answer came after 2-4 s while the others' came in about one.
 */
export interface RequestTurnsOptions {
  /** How long one event-loop turn should take under load, in ms. */
  targetTurnMs: number;
  /**
   * How long turns may start nothing while new connections keep being accepted, in ms, before one
   * starts requests again (so a stream of new connections cannot stop the requests).
   */
  acceptFirstMs?: number;
  /** The clock, in ms (tests give their own). */
  now?: () => number;
}

/** The default of `acceptFirstMs`. */
const ACCEPT_FIRST_MS = 20;

export class RequestTurns {
  readonly #targetMs: number;
  readonly #now: () => number;
  #queue: Array<() => void> = [];
  /** Requests that had their turn, waited for their bodies and go on first (resume). */
  #resumed: Array<() => void> = [];
  #head = 0;
  #perTurn = 8;
  #scheduled = false;
  #lastTurnAt = 0;
  readonly #acceptFirstMs: number;
  /** A connection was accepted since the last turn. */
  #accepted = false;
  /** When turns started yielding to accepts (0: they are not). */
  #yieldingSince = 0;
  /** Turns do not yield to accepts before this time (after a spell that reached its limit). */
  #noYieldUntil = 0;

  constructor(options: RequestTurnsOptions = { targetTurnMs: 5 }) {
    this.#targetMs = options.targetTurnMs;
    this.#acceptFirstMs = options.acceptFirstMs ?? ACCEPT_FIRST_MS;
    this.#now = options.now ?? (() => performance.now());
  }

  /** A new connection was accepted: the next turn yields to the next accept (see above). */
  accepted(): void {
    this.#accepted = true;
  }

  /**
   * Resolves in a coming turn, ahead of the requests that have not started: for a request that
   * already had its turn and waited for its body (it keeps its place; at the back of the queue it
   * would wait twice as long as the others).
   */
  resume(): Promise<void> {
    return new Promise((resolve) => {
      this.#resumed.push(resolve);
      this.#schedule();
    });
  }

  /** Requests queued and not yet started (or resumed). */
  get waiting(): number {
    return this.#queue.length - this.#head + this.#resumed.length;
  }

  /** Starts `start` in its turn. */
  run(start: () => void): void {
    this.#queue.push(start);
    this.#schedule();
  }

  #schedule(): void {
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#lastTurnAt = 0;
      setImmediate(this.#turn);
    }
  }

  readonly #turn = (): void => {
    const now = this.#now();
    const accepted = this.#accepted;
    this.#accepted = false;
    if (accepted && now >= this.#noYieldUntil) {
      if (this.#yieldingSince === 0) this.#yieldingSince = now;
      if (now - this.#yieldingSince < this.#acceptFirstMs) {
        // The next poll accepts the next waiting connection, if there is one; this turn's length
        // is not the requests', so the next is not measured against it.
        this.#lastTurnAt = 0;
        return void setImmediate(this.#turn);
      }
      // Connections still coming after a whole spell: requests get at least as long before the
      // next one, so a flood of new connections costs the requests at most half their turns.
      this.#noYieldUntil = now + this.#acceptFirstMs;
    }
    this.#yieldingSince = 0;
    // The time since the last turn started is what the requests started then cost, with the
    // sockets read in between: the turn's length.
    if (this.#lastTurnAt > 0) {
      if (now - this.#lastTurnAt > this.#targetMs) this.#perTurn = Math.max(1, this.#perTurn >> 1);
      else if (this.waiting > this.#perTurn) this.#perTurn++;
    }
    this.#lastTurnAt = now;
    let room = this.#perTurn;
    if (this.#resumed.length > 0) {
      const resumed = this.#resumed.splice(0, room);
      room -= resumed.length;
      for (const resume of resumed) resume();
    }
    const end = Math.min(this.#queue.length, this.#head + room);
    while (this.#head < end) {
      const start = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as unknown as () => void;
      start();
    }
    if (this.#head === this.#queue.length && this.#resumed.length === 0) {
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

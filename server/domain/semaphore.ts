/**
 * A counting semaphore with a bounded queue: at most `max` tasks run at once, up to `queueMax`
 * more wait their turn (first come, first served), and beyond that `run` refuses at once with
 * `Busy` rather than letting a flood pile up work and memory.
 *
 * Sign-in uses it to bound argon2 verifications (each ≈64 MiB and a few hundred ms of CPU): a
 * burst of guesses, from one address or from many, cannot take every core or the memory.
 */
export class Busy extends Error {
  constructor() {
    super("too many tasks waiting");
    this.name = "Busy";
  }
}

export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly max: number,
    readonly queueMax: number,
  ) {}

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.max) {
      if (this.waiting.length >= this.queueMax) throw new Busy();
      // The slot is handed over by `release`: `running` already counts this task when it resumes.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

/**
 * A per-key budget of events per window, answered synchronously: the desk's per-user budget of
 * socket events, checked on every keystroke's card-text frame.
 *
 * Why not rate-limiter-flexible's RateLimiterMemory, which the other limits use: its answers are
 * promises only. On the keystroke path every promise costs, and more so in a process that also
 * serves Next.js, whose AsyncLocalStorage turns on Node 20's promise hooks for every promise
 * (bench/RESULTS.md, issue 12, session 8). The rule is RateLimiterMemory's: a window opens with
 * a key's first event and lasts `windowMs`; past `points` events in it, an event is refused
 * until the window ends.
 */
export class EventBudget {
  private readonly windows = new Map<string, { used: number; endsAt: number }>();
  private nextSweep = 0;

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends one event of `key`'s budget: 0 when allowed, else the whole seconds until it refills. */
  take(key: string): number {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { used: 0, endsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.used += 1;
    return window.used <= this.points ? 0 : Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  /** Forgets ended windows, at most once per window length (the map stays as small as the active keys). */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + this.windowMs;
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }

  /** Keys with an open window (for tests). */
  get size(): number {
    return this.windows.size;
  }
}

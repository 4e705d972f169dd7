/**
 * Several load-generator processes (bench/feed-generator.ts) driven as one: readers are split
 * evenly over them, and a post's arrival times are merged from all. With 10,000 readers one
 * Node process spends more CPU parsing frames than the server spends sending them; spread over
 * processes the generator stops being the bottleneck (the machine's cores are still shared).
 */
import { fork, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { System } from "./feed-common";

const here = dirname(fileURLToPath(import.meta.url));
/** Epoch ms with sub-ms precision: the generators stamp arrivals on the same clock. */
export const epochNow = () => performance.timeOrigin + performance.now();

type Reply = Record<string, unknown> & { id: number; error?: string };

class Generator {
  private next = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  private readonly finals = new Map<number, (r: Reply) => void>();
  constructor(readonly proc: ChildProcess) {
    proc.on("message", (m: Reply) => {
      if (m.done && this.finals.has(m.id)) {
        this.finals.get(m.id)!(m);
        this.finals.delete(m.id);
      } else if (this.waiting.has(m.id)) {
        this.waiting.get(m.id)!(m);
        this.waiting.delete(m.id);
      }
    });
  }
  ask(type: string, body: object = {}): Promise<Reply> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => (r.error ? reject(new Error(r.error)) : resolve(r)));
      this.proc.send({ id, type, ...body });
    });
  }
  /**
   * Watches a token: resolves once registered, with `{ done }` resolving with the times. (Wrapped:
   * an async function returning a bare promise would wait for it.)
   */
  async watch(token: string, timeoutMs: number): Promise<{ done: Promise<number[]> }> {
    const id = this.next++;
    const done = new Promise<number[]>((resolve) => this.finals.set(id, (r) => resolve(r.times as number[])));
    await new Promise<void>((resolve) => {
      this.waiting.set(id, () => resolve());
      this.proc.send({ id, type: "watch", token, timeoutMs });
    });
    return { done };
  }
}

export class GeneratorPool {
  private constructor(private readonly gens: Generator[]) {}

  static async start(count: number): Promise<GeneratorPool> {
    const gens = await Promise.all(
      Array.from({ length: count }, async () => {
        const proc = fork(join(here, "feed-generator.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
        await new Promise<void>((resolve, reject) => {
          proc.once("exit", (code) => reject(new Error(`generator exited (${code})`)));
          proc.once("message", () => resolve());
        });
        proc.removeAllListeners("exit");
        return new Generator(proc);
      }),
    );
    return new GeneratorPool(gens);
  }

  private split(n: number): number[] {
    return this.gens.map((_, i) => Math.floor(n / this.gens.length) + (i < n % this.gens.length ? 1 : 0));
  }

  /** `n` readers in batches (per generator), all joined. */
  async connect(system: System, port: number, n: number, batch: number): Promise<{ count: number; errors: number }> {
    const parts = this.split(n);
    const replies = await Promise.all(this.gens.map((g, i) => g.ask("connect", { system, port, n: parts[i], batch: Math.ceil(batch / this.gens.length) })));
    return { count: replies.reduce((a, r) => a + (r.count as number), 0), errors: replies.reduce((a, r) => a + (r.errors as number), 0) };
  }

  /** `n` readers arriving at random within `spreadMs`; when the last had its snapshot, errors. */
  async storm(system: System, port: number, n: number, spreadMs: number) {
    const parts = this.split(n);
    const replies = await Promise.all(this.gens.map((g, i) => g.ask("storm", { system, port, n: parts[i], spreadMs })));
    return {
      joined: replies.reduce((a, r) => a + (r.count as number), 0),
      errors: replies.reduce((a, r) => a + (r.errors as number), 0),
      lastJoinedAt: Math.max(...replies.map((r) => r.lastJoinedAt as number)),
      firstError: (replies.find((r) => r.firstError)?.firstError as string | undefined) ?? null,
    };
  }

  /** Registers a token with every generator; `done` resolves with all arrival times. */
  async watch(token: string, timeoutMs: number): Promise<{ done: Promise<number[]> }> {
    const watching = await Promise.all(this.gens.map((g) => g.watch(token, timeoutMs)));
    return { done: Promise.all(watching.map((w) => w.done)).then((lists) => lists.flat()) };
  }

  async closeReaders(): Promise<void> {
    await Promise.all(this.gens.map((g) => g.ask("close")));
  }

  stop(): void {
    for (const g of this.gens) g.proc.kill();
  }
}

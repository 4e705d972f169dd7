/**
 * Waiting, written once for the tests and the benchmarks (no vitest here, so bench/ may import it).
 * Inside a test, prefer `expect.poll`: it reports the value it last saw. `waitFor` is for where
 * there is no `expect` (beforeAll, benchmarks) or where the condition is not an assertion.
 */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  /** Pause between two checks (ms). */
  intervalMs?: number;
  /** What is awaited, for the error on timeout. */
  what: string;
}

/**
 * Resolves as soon as `check` returns true, checking at once and then every `intervalMs`;
 * rejects with `timed out after <timeoutMs> ms: <what>` once `timeoutMs` has passed. A check that
 * throws rejects it too: catch what is expected in the check (a server not listening yet).
 */
export async function waitFor(check: () => boolean | Promise<boolean>, { timeoutMs, intervalMs = 20, what }: WaitOptions): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(intervalMs);
  }
}

/**
 * The two sides of a benchmark server running in its own process (so the load generator does
 * not distort its CPU and memory): the parent forks it and talks to it over IPC; the child says
 * "ready" with its port, answers the parent's questions, and stops on request.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * The Node flags `npm start` runs Newsdesk with (package.json's start script, between `node` and
 * the bundle), so that a benchmark's Newsdesk runs exactly as production does. Read by the
 * parent only (the servers' bundles import this file too, from another folder).
 */
export function newsdeskNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  const run = / node ((?:--\S+ )*)dist\/server\/index\.mjs/.exec(scripts.start);
  if (!run) throw new Error("package.json's start script no longer runs `node … dist/server/index.mjs`");
  return run[1].split(" ").filter(Boolean);
}

export interface Child {
  proc: ChildProcess;
  port: number;
  /** Sends { type } and resolves with the next message of type `reply` (by default the same). */
  ask<T extends Record<string, unknown>>(type: string, reply?: string): Promise<T>;
  /** Asks the child to stop; kills it if it has not exited after 30 s. */
  stop(): Promise<void>;
}

/**
 * Forks `script` and resolves once it reports "ready": TypeScript through tsx, a bundle
 * (scripts/build-server.mjs) with plain Node, as `npm start` runs the server.
 */
export function forkServer(script: string, args: string[], opts: { name: string; execArgv?: string[] }): Promise<Child> {
  const proc = fork(script, args, {
    execArgv: [...(script.endsWith(".ts") ? ["--import", "tsx"] : []), ...(opts.execArgv ?? [])],
    // As `npm start` runs Newsdesk (MALLOC_ARENA_MAX=2: see the README's scripts), for every server measured.
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn", NODE_ENV: "production", MALLOC_ARENA_MAX: "2" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ask = <T,>(type: string, reply = type) =>
    new Promise<T>((resolve) => {
      const listener = (m: { type?: string }) => {
        if (m?.type !== reply) return;
        proc.off("message", listener);
        resolve(m as T);
      };
      proc.on("message", listener);
      proc.send({ type });
    });
  const stop = () =>
    new Promise<void>((done) => {
      const killer = setTimeout(() => {
        proc.kill("SIGKILL");
        done();
      }, 30_000);
      proc.once("exit", () => {
        clearTimeout(killer);
        done();
      });
      proc.send({ type: "stop" });
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${opts.name} server did not start in 120 s`)), 120_000);
    proc.once("exit", (code) => reject(new Error(`${opts.name} server exited (${code}) before it was ready`)));
    proc.on("message", (msg: { type: string; port: number }) => {
      if (msg.type !== "ready") return;
      clearTimeout(timer);
      proc.removeAllListeners("exit");
      resolve({ proc, port: msg.port, ask, stop });
    });
  });
}

/** Sends a message to the parent process. */
export const tellParent = (msg: unknown) => process.send?.(msg);

/**
 * Child side: reports "ready", hands every other message to `onMessage`, stops `running` when
 * asked (then exits), and exits when the parent is gone.
 */
export function serveParent(
  running: { port: number; stop(): Promise<void> },
  onMessage: (msg: { type?: string }) => void = () => {},
): void {
  process.on("message", (msg: { type?: string }) => {
    if (msg?.type !== "stop") return onMessage(msg);
    void running.stop().then(
      () => {
        tellParent({ type: "stopped" });
        setTimeout(() => process.exit(0), 100);
      },
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
  process.on("disconnect", () => process.exit(0)); // the parent is gone
  tellParent({ type: "ready", port: running.port });
}

/** Runs a child's main, exiting non-zero with the error if it fails. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

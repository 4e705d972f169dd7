/**
 * Several real server processes on one Postgres database and one Redis (tests/helpers/
 * server-process.ts), a load balancer in front of them (a TCP proxy that sends each new
 * connection to the first process that accepts it, as a balancer does after a health check
 * fails), and a Redis server of the suite's own that it can stop and start again.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { freePort, startChildProcess, tsxCommand, type ChildProcessHandle } from "./child-process";

const SERVER_SCRIPT = fileURLToPath(new URL("./server-process.ts", import.meta.url));

/** A Redis key prefix of its own, so suites sharing the machine's Redis never hear each other. */
export const uniquePrefix = () => `newsdesk-test-${randomBytes(4).toString("hex")}`;

export interface ServerProcess extends ChildProcessHandle {
  port: number;
  url: string;
}

export async function startServerProcess(opts: {
  databaseUrl: string;
  redisUrl?: string;
  keyPrefix: string;
  catchUpMs?: number;
  compactEvery?: number;
  /** How often (ms) processes count and exchange their readers (AUDIENCE_REPORT_MS). */
  audienceMs?: number;
  /** More environment for the process (e.g. SMTP_URL). */
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await freePort();
  const server = await startChildProcess(tsxCommand(SERVER_SCRIPT, String(opts.compactEvery ?? "")), {
    name: `server on port ${port}`,
    env: {
      ...process.env,
      NODE_ENV: "test",
      LOG_LEVEL: process.env.SCALE_LOG_LEVEL ?? "warn",
      DATABASE_URL: opts.databaseUrl,
      REDIS_URL: opts.redisUrl ?? "",
      REDIS_KEY_PREFIX: opts.keyPrefix,
      COLLAB_CATCH_UP_MS: String(opts.catchUpMs ?? 1_000),
      AUDIENCE_REPORT_MS: String(opts.audienceMs ?? 5_000),
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED: "true",
      ...opts.env,
    },
    ready: (line) => line === `READY ${port}`,
    readyTimeoutMs: 60_000,
  });
  return { ...server, port, url: `http://127.0.0.1:${port}` };
}

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/** A TCP proxy: each new connection goes to the first of `ports` that accepts it. */
export async function startBalancer(ports: number[]): Promise<Balancer> {
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.on("close", () => open.delete(client));
    client.pause();
    const tryPort = (i: number) => {
      if (i >= ports.length) return client.destroy();
      const upstream = createConnection({ port: ports[i], host: "127.0.0.1" });
      upstream.once("error", () => {
        upstream.destroy();
        if (!client.destroyed && upstream.bytesWritten === 0) tryPort(i + 1);
        else client.destroy();
      });
      upstream.once("connect", () => {
        upstream.removeAllListeners("error");
        open.add(upstream);
        upstream.on("close", () => open.delete(upstream));
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        upstream.on("error", drop);
        client.on("error", drop);
        upstream.on("close", drop);
        client.on("close", drop);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryPort(0);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const s of open) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface OwnRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP: connections stay open and nothing is answered — a hung Redis, not a dead one. */
  pause(): void;
  /** SIGCONT: it answers everything that waited. */
  resume(): void;
}

/** A redis-server of the suite's own on a free port (the machine's shared Redis is never stopped). */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const redis = await startChildProcess(["redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      name: "redis-server",
      ready: (line) => line.includes("Ready to accept connections"),
      readyTimeoutMs: 10_000,
    });
    child = redis.child;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    pause: () => void child?.kill("SIGSTOP"),
    resume: () => void child?.kill("SIGCONT"),
    async stop() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGKILL");
        proc.kill("SIGCONT"); // a paused process dies only once it runs again
      });
    },
  };
}

/**
 * Hands the process's services to Next.js route handlers and server components. Next bundles
 * app/ code separately from the tsx-run server, so module-level singletons are not shared;
 * a well-known global symbol is. The server sets it before Next handles any request.
 */
import type { RateLimits } from "./domain/rate-limits";
import type { DeskStore } from "./store/types";
import type { MediaStorage } from "./media/manifest";
import type { PublicSnapshots } from "./public/snapshots";

/** What `/api/ready` reports (see server/node.ts). */
export interface ReadinessReport {
  ready: boolean;
  database: { status: string; ms?: number };
  redis: { status: string; ms?: number };
  shuttingDown: boolean;
}

export interface Services {
  store: DeskStore;
  /** Sign-in throttling; absent in tests that only read. */
  limits?: RateLimits;
  /** Ends live desk connections when an account changes or signs out. */
  realtime?: {
    disconnectUser(userId: string): void;
    disconnectSession(sessionId: string): void;
    /** A story was opened over HTTP: the list's watchers look again. */
    storiesChanged?(): void;
  };
  /** Readers' snapshots, invalidated by the realtime server; absent in tests that only read. */
  snapshots?: PublicSnapshots;
  /** Photos of live posts (MEDIA_DIR); absent in tests that do not upload. */
  media?: MediaStorage;
  /** Database and Redis reachable; absent until the realtime server is up. */
  readiness?: () => Promise<ReadinessReport>;
}

/**
 * The client's address, written by the server into every HTTP request before Next sees it
 * (server/ops/proxy.ts: from the connection, or from X-Forwarded-For only behind a trusted proxy;
 * a value sent by the client is overwritten).
 */
export const CLIENT_ADDRESS_HEADER = "x-newsdesk-client-address";

const KEY = Symbol.for("newsdesk.services");
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) {
    throw new Error("Newsdesk services are not ready: start the app with `npm start` or `npm run dev` (server/index.ts)");
  }
  return services;
}

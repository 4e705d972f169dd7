import { loadEnv, type Env } from "../../server/env";

/**
 * The environment of a server started by a test: as production reads it (server/env.ts), on a free
 * port of the loopback interface, with the test's settings. The store is passed to the server
 * apart, so DATABASE_URL only has to agree with REDIS_URL's rule (several processes need Postgres).
 */
export function testEnv(settings: Record<string, string | undefined> = {}): Env {
  return loadEnv({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    SEED: "false",
    ...(settings.REDIS_URL ? { DATABASE_URL: "postgresql://127.0.0.1/unused-by-tests" } : {}),
    ...settings,
  });
}

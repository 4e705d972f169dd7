import { defineConfig, devices } from "@playwright/test";
import { ADMIN_EMAIL, ADMIN_PASSWORD } from "./e2e/fixtures/accounts";

// One throwaway SQLite database per run, shared with the workers through the environment.
process.env.E2E_DATABASE_URL ??= `file:./data/e2e-${Date.now()}.db`;
// The run's photos, beside its database (removed by the teardown).
process.env.E2E_MEDIA_DIR ??= process.env.E2E_DATABASE_URL.replace(/^file:/, "").replace(/\.db$/, "-media");
const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "e2e",
  // The specs share one seeded story and check each other's absence of side effects: run in order.
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  globalTeardown: "./e2e/fixtures/teardown.ts",
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node scripts/build-if-stale.mjs && node dist/server/index.mjs",
    url: `http://localhost:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      MEDIA_DIR: process.env.E2E_MEDIA_DIR,
      LOG_LEVEL: "warn",
      // Requests come from the test runner on this machine; trusting loopback as a proxy lets a
      // spec stand for a client of its own address (X-Forwarded-For) so its failed sign-ins do not
      // spend the budget every other spec's sign-ins share.
      TRUST_PROXY: "loopback",
      NEXT_TELEMETRY_DISABLED: "1",
      // The first admin, created on first start (the database is new each run); the fixtures
      // make every other account through the admin API.
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
    },
  },
});

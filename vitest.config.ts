import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests sit beside the code (*.test.ts); integration tests live in tests/.
// Playwright specs in e2e/ are run by `playwright test`, never by vitest.
export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    include: ["server/**/*.test.ts", "lib/**/*.test.ts", "components/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration suites create their own databases; running files in parallel is safe.
    fileParallelism: true,
    env: { NODE_ENV: "test", LOG_LEVEL: "silent" },
  },
});

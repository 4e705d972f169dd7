import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit tests sit beside the code (*.test.ts); integration tests live in tests/.
// Playwright specs in e2e/ are run by `playwright test`, never by vitest.
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // The marker on the database client (server/db/client.ts): Next ships the package and
      // tsconfig.json points tsx and esbuild at its empty module; vitest reads only this alias.
      "server-only": fileURLToPath(new URL("node_modules/next/dist/compiled/server-only/empty.js", import.meta.url)),
    },
  },
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

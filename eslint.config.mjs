import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Browser-facing code must not reach into the server: it shares only lib/protocol.
const noServerImports = {
  patterns: [
    {
      group: ["@/server/*", "**/server/*", "../server/*", "../../server/*"],
      message: "Browser code may not import server internals; share types and schemas through lib/protocol.",
    },
  ],
};

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", noServerImports] },
  },
  {
    // Pages and route handlers run on the server but reach it only through the services (server/services.ts).
    files: ["app/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server/*", "**/server/*", "!@/server/services"],
              message: "app/ reaches the server only through @/server/services.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([".next/**", "dist/**", "node_modules/**", "server/db/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "data/**", "public/embed/frame.js"]),
]);

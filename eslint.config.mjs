import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/*
 * Import zones: who may import whom. Each folder gets one `no-restricted-imports` setting (a later
 * setting for the same files replaces an earlier one, so the zones do not overlap). Patterns are
 * regular expressions over the import string, so that `../collab/x` from server/domain is caught
 * while lib/collab is not.
 */

/** An import of the server folder `name`, from anywhere (alias, or relative at any depth). */
const serverFolder = (names) => `^(@/server/|(\\.\\./)+server/)(${names})(/|$)`;
/** An import of a sibling server folder from one folder down (server/<zone>/x.ts). */
const siblingFolder = (names) => `^\\.\\./(${names})(/|$)`;
const zone = (folders, message) => ({
  regex: `${serverFolder(folders)}|${siblingFolder(folders)}`,
  message,
});

// Browser-facing code must not reach into the server: it shares only lib/protocol.
const noServerImports = {
  patterns: [
    {
      group: ["@/server/*", "**/server/*", "../server/*", "../../server/*"],
      message: "Browser code may not import server internals; share types and schemas through lib/protocol.",
    },
  ],
};

/** Components are built from lib and other components only: no server, no app. */
const componentImports = {
  patterns: [
    ...noServerImports.patterns,
    {
      regex: "^(@/app/|(\\.\\./)+app/)",
      message: "components/ may import only lib/ and components/; pages in app/ pass what a component needs as props.",
    },
  ],
};

/**
 * The readers' scripts (live page, embed frame) are budgeted in bytes (tests/*-budget.test.ts): no
 * zod, so nothing that carries the contract's schemas at run time (types are free).
 */
const readerScriptImports = {
  patterns: [
    ...componentImports.patterns,
    {
      regex: "^(@/lib/protocol/(events|contract|schemas|stories|review|publishing|audit|auth)|zod)$",
      allowTypeImports: true,
      message: "The readers' scripts stay small: no zod or contract schemas at run time (the version numbers are in lib/protocol/version.ts).",
    },
  ],
};

/** The rules of the desk know nothing of transports, the live text layer, public caches or Prisma. */
const domainImports = {
  patterns: [
    zone(
      "realtime|collab|public",
      "server/domain holds the rules only: it may not import server/realtime, server/collab or server/public. Declare the port it needs here and let the outer layer implement it.",
    ),
    { group: ["@prisma/*", "socket.io", "socket.io-*", "@socket.io/*"], message: "server/domain reaches the database through server/store and sockets through server/realtime." },
    { regex: "(^|/)db/generated(/|$)", message: "server/domain reaches the database through server/store, never the Prisma client." },
  ],
};

/** Storage stores and loads; it decides nothing, so it never calls the rules. */
const storeImports = {
  patterns: [zone("domain", "server/store may not import server/domain: storage stores, the domain decides (types shared by both live in server/store).")],
};

/** The live text layer is below the socket handlers: they call it, never the other way round. */
const collabImports = {
  patterns: [zone("realtime", "server/collab may not import server/realtime: pass what it needs (a relay, a callback) in from the realtime wiring.")],
};

const CODE = "**/*.{ts,tsx,js,mjs,cjs}";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    files: ["lib/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", noServerImports] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", componentImports] },
  },
  {
    files: ["components/live/**/*.ts", "components/embed/**/*.ts"],
    rules: { "no-restricted-imports": ["error", readerScriptImports] },
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
  {
    files: ["server/domain/**/*.ts"],
    rules: { "no-restricted-imports": ["error", domainImports] },
  },
  {
    files: ["server/store/**/*.ts"],
    rules: { "no-restricted-imports": ["error", storeImports] },
  },
  {
    files: ["server/collab/**/*.ts"],
    rules: { "no-restricted-imports": ["error", collabImports] },
  },
  {
    // Configuration is read and validated once (server/env.ts) and handed to whoever needs it.
    files: [CODE],
    ignores: [
      "server/env.ts",
      "scripts/**",
      "bench/**",
      "tests/**",
      "e2e/**",
      "**/*.test.ts",
      "*.config.{ts,js,mjs,cjs}",
      "prisma*.ts",
      "prisma/**/*.{ts,mjs}",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration in server/env.ts (loadEnv, or a small accessor there) and pass the value in." },
      ],
    },
  },
  {
    // Files a newcomer can read in one sitting. Comments and blank lines do not count: the limit is
    // on code, and a comment that says why is never the thing to cut.
    files: ["server/**/*.{ts,tsx,mjs}", "lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts"],
    rules: { "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }] },
  },
  globalIgnores([".next/**", "dist/**", "node_modules/**", "server/db/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**", "data/**", "public/embed/frame.js"]),
]);

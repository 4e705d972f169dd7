// Prisma 7 CLI config. Stays at the root, where `npx prisma …` finds it (Prisma 7 would also take
// --config or .config/prisma.ts): it is the permanent config, the one left when prisma/tooling/ goes.
// Today it serves only `prisma generate` (client code, no database access): migrations run through
// prisma/tooling/migrate-cli.mjs (prisma 6.19.3 with its bundled WASM engine; prisma/tooling/README.md).
// Prisma 7 checks that its native schema engine exists before generate and would try to download it,
// which fails offline. Generate never runs it, so the check is pointed at a stub that explains itself.
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "./prisma/tooling/no-schema-engine.sh";

export default defineConfig({
  schema: "prisma/sqlite", // overridden by --schema in the npm scripts (one client per provider)
});

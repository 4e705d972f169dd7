// Prisma 7 CLI config, used only by `prisma generate` (client code generation, no database access).
// Prisma 7 checks that its native schema engine exists before generate and would try to download it,
// which fails offline. Generate never runs it, so the check is pointed at a stub that explains itself.
// Migrations go through prisma.migrate.config.ts (prisma 6.19.3 with its bundled WASM engine).
import { defineConfig } from "prisma/config";

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= "./scripts/no-schema-engine.sh";

export default defineConfig({
  schema: "prisma/sqlite", // overridden by --schema in the npm scripts (one client per provider)
});

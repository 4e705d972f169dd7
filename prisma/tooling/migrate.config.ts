// Config for the MIGRATION CLI only: prisma@6.19.3 installed under the npm alias "prisma-migrate"
// (Prisma 7's migrate needs the native schema-engine binary, which cannot be downloaded offline).
// prisma@6.19.3 has a bundled WASM schema engine that reaches the DB through a driver adapter.
// Run it through migrate-cli.mjs beside this file, never directly. Why each override below exists
// and when it can go: README.md beside this file.
// DATABASE_URL picks the provider: postgres(ql):// -> schema/postgres + prisma/postgres/migrations,
// else (file:...) -> schema/sqlite + prisma/sqlite/migrations. Paths here are relative to this file.
import { defineConfig } from "prisma-migrate/config";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parse } from "pg-connection-string";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

// No generator in schema/*: tell the 6.19 CLI not to fetch a query-engine library for the client.
process.env.PRISMA_CLIENT_ENGINE_TYPE ??= "client";

const url = process.env.DATABASE_URL || "file:./data/newsdesk.db";
const isPg = /^postgres(ql)?:\/\//.test(url);
// better-sqlite3 cannot create missing directories (error surfaces as "External error id#0").
if (!isPg && url !== ":memory:") mkdirSync(dirname(url.replace(/^file:/, "")), { recursive: true });
const provider = isPg ? "postgres" : "sqlite";

// Shadow DB (used by `migrate dev` / `migrate diff --from-migrations`) is overridden for both adapters:
// - SQLite: the 6.19 engine replays each migration.sql on the shadow DB via executeRaw(), which
//   better-sqlite3 rejects for multi-statement SQL -> route arg-less executeRaw to executeScript.
// - Postgres: adapter-pg 7.10 drops the temp shadow DB before closing its pool ("is being accessed by
//   other users") and leaks it -> create/drop it ourselves, closing the pool first.
function sqliteAdapter() {
  return Object.assign(new PrismaBetterSqlite3({ url }), {
    async connectToShadowDb() {
      const shadow = await new PrismaBetterSqlite3({ url: ":memory:" }).connect();
      const executeRaw = shadow.executeRaw.bind(shadow);
      shadow.executeRaw = async (q) =>
        q.args.length ? executeRaw(q) : (await shadow.executeScript(q.sql), 0);
      return shadow;
    },
  });
}

// prisma@6.19's WASM engine introspects (migrate dev / diff --from-migrations) with catalog queries that
// return Postgres "char" (OID 18) columns, which adapter-pg rejects (UnsupportedNativeDataType) -> report them as text.
class MigratePool extends pg.Pool {
  // Narrow override of the promise form of query() that adapter-pg uses.
  async query(q: unknown, v?: unknown) {
    const res = (await super.query(q as string, v as unknown[])) as pg.QueryResult;
    for (const f of res?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return res;
  }
}

function pgAdapter() {
  // Discrete fields, so `database` can be overridden below. allowExitOnIdle: idle pooled
  // connections must not keep the finished CLI alive (see also unref-long-timers.mjs).
  const cfg = { ...(parse(url) as pg.PoolConfig), allowExitOnIdle: true };
  return Object.assign(new PrismaPg(new MigratePool(cfg), { disposeExternalPool: true }), {
    async connectToShadowDb() {
      const name = `prisma_shadow_${process.pid}_${Date.now()}`;
      const admin = new pg.Client(cfg);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      const pool = new MigratePool({ ...cfg, database: name });
      const shadow = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
        await admin.end();
      };
      return shadow;
    },
  });
}

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  // The 6.19-only schema folder (a datasource with the url 6.19 insists on, no generator) and the
  // provider's committed migrations, which live beside its Prisma 7 schema.
  schema: `schema/${provider}`,
  migrations: { path: `../${provider}/migrations` },
  adapter: async () => (isPg ? pgAdapter() : sqliteAdapter()),
});

import { getServices } from "@/server/registry";
import { json } from "../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/ready — readiness: 200 when the database answers and, with REDIS_URL set, Redis
 * too, and the process is not shutting down; 503 otherwise, so a load balancer sends new
 * connections elsewhere. The body says which part failed.
 */
export async function GET() {
  const { store, readiness } = getServices();
  if (readiness) {
    const report = await readiness();
    return json({ status: report.ready ? "ok" : "unavailable", ...report }, report.ready ? 200 : 503);
  }
  // Before the realtime server is up (start-up): the database alone.
  try {
    await store.ping();
  } catch {
    return json({ status: "unavailable", ready: false, database: { status: "unreachable" } }, 503);
  }
  return json({ status: "unavailable", ready: false, database: { status: "ok" }, starting: true }, 503);
}

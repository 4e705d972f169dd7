import { getServices } from "@/server/services";
import { json } from "../_lib/respond";

export const dynamic = "force-dynamic";

/**
 * GET /api/ready — readiness: 200 when the database answers and, with REDIS_URL set, Redis
 * too, and the process is not shutting down; 503 otherwise, so a load balancer sends new
 * connections elsewhere. The body says which part failed.
 */
export async function GET() {
  const report = await getServices().readiness();
  return json({ status: report.ready ? "ok" : "unavailable", ...report }, report.ready ? 200 : 503);
}

/** How the desk words an audit entry's summary for people (the log keeps stable codes). */
import { STATUS_LABELS, type CardStatus } from "@/lib/protocol";

/** The log stores statuses by their codes ("in_review"); people read their labels ("In review"). */
export function readableSummary(summary: string): string {
  if (!summary.startsWith("status: ")) return summary;
  return summary.replace(/\b(draft|in_review|published)\b/g, (code) => STATUS_LABELS[code as CardStatus]);
}

import type { LiveUpdate } from "@/lib/protocol";

const time = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";

/** One update as readers see it. Its HTML was sanitised by the server when it was posted. */
export function LiveUpdateItem({ update, fresh = false, pinned = false }: { update: LiveUpdate; fresh?: boolean; pinned?: boolean }) {
  return (
    <article
      id={`update-${update.id}`}
      data-testid={pinned ? "pinned-update" : "live-update"}
      data-update-id={update.id}
      className={`rounded-lg border bg-white p-4 ${pinned ? "border-red-300 ring-1 ring-red-200" : "border-slate-200"} ${fresh ? "animate-slide-in" : ""}`}
    >
      <header className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
        {pinned && <span className="font-semibold uppercase tracking-wide text-red-700">Pinned</span>}
        {update.keyEvent && <span className="rounded bg-red-600 px-1.5 py-0.5 font-semibold text-white">Key event</span>}
        <time dateTime={update.publishedAt} className="font-semibold text-slate-700">
          {time(update.publishedAt)}
        </time>
        <span>{update.authorName}</span>
      </header>
      <div className="live-body mt-2 text-slate-900" dangerouslySetInnerHTML={{ __html: update.bodyHtml }} />
      {update.correctedAt && (
        <p className="mt-2 text-xs text-amber-800" data-testid="correction">
          Corrected at {time(update.correctedAt)}
          {update.correctionNote ? `: ${update.correctionNote}` : ""}
        </p>
      )}
    </article>
  );
}

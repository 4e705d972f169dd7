import Link from "next/link";
import { getServices } from "@/server/registry";
import { listStories } from "@/server/domain/stories";
import { requireSession } from "@/app/_lib/session";

// Always read the current database, never a build-time snapshot.
export const dynamic = "force-dynamic";

export default async function StoriesPage() {
  await requireSession("/");
  const stories = await listStories(getServices().store);
  return (
    <section aria-labelledby="stories-heading">
      <h1 id="stories-heading" className="mb-4 text-2xl font-semibold">
        Stories
      </h1>
      {stories.length === 0 ? (
        <p className="text-slate-600">No stories yet.</p>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2">
          {stories.map((s) => (
            <li key={s.id}>
              <Link
                href={`/stories/${s.slug}`}
                className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-slate-400"
              >
                <h2 className="text-lg font-semibold">{s.headline}</h2>
                <p className="mt-1 line-clamp-3 text-sm text-slate-600">{s.summary}</p>
                <p className="mt-3 text-xs text-slate-500">
                  {s.cardCount} cards · {s.publishedCount} published
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

"use client";
/**
 * Story settings on the desk: headline, summary, slug, time zones and coverage window, saved with
 * the story version seen when the dialog opened. Only changed fields are sent, so two editors
 * changing different fields both succeed; a stale change of the same field is refused and the
 * current value shown (the same rule as cards). Access: restricted to named members, or open.
 */
import { useEffect, useState } from "react";
import { isTimeZone, STORY_LIMITS, type Ack, type Story, type StoryAccess, type UpdateStory } from "@/lib/protocol";
import { Field } from "../ui/Field";
import { DeskDialog } from "./DeskDialog";

interface Props {
  story: Story;
  onClose: () => void;
  update: (payload: UpdateStory) => Promise<Ack<Story>>;
  loadAccess: () => Promise<Ack<StoryAccess>>;
  setAccess: (restricted: boolean, memberIds: string[]) => Promise<Ack<Story>>;
}

/** ISO → value of a datetime-local input in the browser's zone; and back. */
function toLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const fromLocalInput = (v: string) => (v ? new Date(v).toISOString() : null);

export function StorySettings({ story, onClose, update, loadAccess, setAccess }: Props) {
  const [base] = useState(story);
  const [headline, setHeadline] = useState(story.headline);
  const [summary, setSummary] = useState(story.summary);
  const [slug, setSlug] = useState(story.slug);
  const [zones, setZones] = useState(story.timeZones.join(", "));
  const [start, setStart] = useState(toLocalInput(story.coverageStart));
  const [end, setEnd] = useState(toLocalInput(story.coverageEnd));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [access, setAccessState] = useState<StoryAccess | null>(null);
  const [members, setMembers] = useState<Set<string>>(new Set());
  const [restricted, setRestricted] = useState(story.restricted);

  useEffect(() => {
    void loadAccess().then((ack) => {
      if (!ack.ok) return;
      setAccessState(ack.data);
      setMembers(new Set(ack.data.members.map((m) => m.id)));
    });
  }, [loadAccess]);

  const zoneList = zones.split(/[,\s]+/).filter(Boolean);
  const badZone = zoneList.find((z) => !isTimeZone(z));

  async function save() {
    const changes: UpdateStory["changes"] = {};
    if (headline !== base.headline) changes.headline = headline;
    if (summary !== base.summary) changes.summary = summary;
    if (slug !== base.slug) changes.slug = slug;
    if (zoneList.join(",") !== base.timeZones.join(",")) changes.timeZones = zoneList;
    if (fromLocalInput(start) !== (base.coverageStart && fromLocalInput(toLocalInput(base.coverageStart))) && start) changes.coverageStart = fromLocalInput(start)!;
    if (fromLocalInput(end) !== (base.coverageEnd && fromLocalInput(toLocalInput(base.coverageEnd)))) changes.coverageEnd = fromLocalInput(end);
    const accessChanged =
      access && (restricted !== access.restricted || [...members].sort().join() !== access.members.map((m) => m.id).sort().join());
    if (Object.keys(changes).length === 0 && !accessChanged) return onClose();
    setSaving(true);
    setError(null);
    if (Object.keys(changes).length > 0) {
      const ack = await update({ storyId: story.id, baseVersion: base.version, changes });
      if (!ack.ok) {
        setSaving(false);
        return setError(ack.error.message);
      }
    }
    if (accessChanged) {
      const ack = await setAccess(restricted, [...members]);
      if (!ack.ok) {
        setSaving(false);
        return setError(ack.error.message);
      }
    }
    setSaving(false);
    onClose();
  }

  return (
    <DeskDialog title="Story settings" onClose={onClose} testId="story-settings">
      <div className="space-y-3">
        <Field label="Headline" value={headline} maxLength={STORY_LIMITS.headlineMax} onChange={(e) => setHeadline(e.target.value)} />
        <label className="block">
          <span className="block text-sm font-medium text-slate-700">Summary</span>
          <textarea value={summary} rows={3} maxLength={STORY_LIMITS.summaryMax} onChange={(e) => setSummary(e.target.value)} className="mt-1 w-full rounded border border-slate-300 px-3 py-2" />
        </label>
        <Field
          label="Slug"
          value={slug}
          disabled={story.slugLocked}
          hint={story.slugLocked ? "Fixed: the story has published content at this address" : "Its public address: /live/<slug>"}
          onChange={(e) => setSlug(e.target.value)}
        />
        <Field
          label="Time zones"
          value={zones}
          placeholder="America/Bogota, America/New_York"
          onChange={(e) => setZones(e.target.value)}
          error={badZone ? `"${badZone}" is not a time-zone name (use e.g. America/Bogota)` : null}
        />
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Coverage starts" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
          <Field label="Coverage ends" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} hint="Empty while coverage runs" />
        </div>
        {access && (
          <fieldset className="rounded border border-slate-200 p-3">
            <legend className="px-1 text-sm font-medium">Access</legend>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={restricted} onChange={(e) => setRestricted(e.target.checked)} />
              Restricted: only these members and admins see the story
            </label>
            {restricted && (
              <ul className="mt-2 grid max-h-40 gap-1 overflow-auto text-sm sm:grid-cols-2">
                {access.candidates
                  .filter((c) => c.role !== "admin")
                  .map((c) => (
                    <li key={c.id}>
                      <label className="flex items-center gap-2">
                        <input
                          type="checkbox"
                          checked={members.has(c.id)}
                          onChange={(e) => {
                            const next = new Set(members);
                            if (e.target.checked) next.add(c.id);
                            else next.delete(c.id);
                            setMembers(next);
                          }}
                        />
                        {c.name} <span className="text-xs text-slate-500">({c.role})</span>
                      </label>
                    </li>
                  ))}
              </ul>
            )}
          </fieldset>
        )}
        {error && (
          <p role="alert" className="rounded bg-red-50 px-3 py-2 text-sm text-red-900">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded border border-slate-300 px-3 py-1.5 text-sm">
            Cancel
          </button>
          <button type="button" disabled={saving || !!badZone} onClick={save} className="rounded bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-40">
            {saving ? "Saving…" : "Save settings"}
          </button>
        </div>
      </div>
    </DeskDialog>
  );
}

import type { Card, Member } from "@/lib/protocol";
import { colorFor, initials } from "./colors";

/** One entry per person (an account with two tabs is one person), with what they are editing. */
export function uniqueMembers(members: Member[]): Member[] {
  const seen = new Map<string, Member>();
  for (const m of members) {
    const prev = seen.get(m.userId);
    if (!prev || (!prev.editingCardId && m.editingCardId)) seen.set(m.userId, m);
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A person's colour: by account, so they look the same in every browser and tab. */
export const memberColor = (member: Pick<Member, "userId">) => colorFor(member.userId);

export function Avatar({ member, size = "md" }: { member: Member; size?: "sm" | "md" }) {
  const dims = size === "sm" ? "h-6 w-6 text-[10px]" : "h-8 w-8 text-xs";
  return (
    <span aria-hidden className={`inline-flex ${dims} items-center justify-center rounded-full font-semibold text-white ring-2 ring-white`} style={{ backgroundColor: memberColor(member) }}>
      {initials(member.name)}
    </span>
  );
}

export function PresenceBar({ members, cards, selfUserId }: { members: Member[]; cards: Card[]; selfUserId: string }) {
  const people = uniqueMembers(members);
  return (
    <section aria-label="Who is on this story" className="flex flex-wrap items-center gap-3">
      <h2 className="text-sm font-medium text-slate-600">On this story ({people.length})</h2>
      <ul className="flex flex-wrap items-center gap-3" data-testid="presence">
        {people.map((m) => {
          const card = m.editingCardId ? cards.find((c) => c.id === m.editingCardId) : undefined;
          return (
            <li key={m.userId} className="flex items-center gap-1.5 text-sm">
              <Avatar member={m} />
              <span>
                {m.name}
                {m.userId === selfUserId && <span className="text-slate-500"> (you)</span>}
                {card && <span className="text-slate-500"> · editing “{card.title}”</span>}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

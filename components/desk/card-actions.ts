/** The commands a card on the desk can send (wired to the desk socket by StoryDesk). */
import type { Ack, AuditEntry, AuditList, Card, CardHistory, CardStatus, PublishCard, PublishPreview, UpdateCard } from "@/lib/protocol";

export interface CardActions {
  update: (payload: UpdateCard) => Promise<Ack<Card>>;
  /** Draft ⇄ review, or unpublish; publishing is `publish` (it stores a revision). */
  setStatus: (card: Card, status: Exclude<CardStatus, "published">) => Promise<Ack<Card>>;
  move: (card: Card, toIndex: number) => Promise<Ack<unknown>>;
  remove: (card: Card) => Promise<Ack<unknown>>;
  publish: (payload: PublishCard) => Promise<Ack<Card>>;
  history: (cardId: string) => Promise<Ack<CardHistory>>;
  preview: (cardId: string) => Promise<Ack<PublishPreview>>;
  revert: (card: Card, revision: number) => Promise<Ack<Card>>;
  audit: (query: AuditList) => Promise<Ack<AuditEntry[]>>;
  setEditing: (cardId: string | null) => void;
}

/**
 * What a successful command ack changes on the desk at once, before the broadcast of the same
 * change arrives (the reducer then ignores that broadcast: same version). Typed from the
 * contract: each effect gets exactly its event's ack data and payload.
 */
import type { AckOf, Card, CommandName, LiveUpdate, PayloadOf, Story } from "@/lib/protocol";
import type { DeskAction } from "./desk-state";

type AckEffect<E extends CommandName> = (data: AckOf<E>, payload: PayloadOf<E>) => DeskAction[];

const cardResult = (card: Card): DeskAction[] => [{ type: "cardUpserted", card }];
const feedResult = (update: LiveUpdate): DeskAction[] => [{ type: "feedUpserted", update }];
const storyResult = (story: Story): DeskAction[] => [{ type: "storyUpdated", story }];

/** Commands whose ack changes the desk; the others (reads, review) change nothing here. */
export const ACK_EFFECTS: { readonly [E in CommandName]?: AckEffect<E> } = {
  "card:create": cardResult,
  "card:update": cardResult,
  "card:setStatus": cardResult,
  "card:publish": cardResult,
  "card:revert": cardResult,
  "card:move": (order) => [{ type: "cardsMoved", order }],
  "card:delete": (_ack, { cardId }) => [{ type: "cardDeleted", cardId }],
  "feed:post": feedResult,
  "feed:edit": feedResult,
  "feed:keyEvent": feedResult,
  // An approval publishes the post as a new update: the pending one goes.
  "feed:approve": (update, { updateId }) => [{ type: "feedDeleted", updateId }, feedResult(update)[0]],
  "feed:delete": (_ack, { updateId }) => [{ type: "feedDeleted", updateId }],
  "feed:pin": (_ack, { updateId }) => [{ type: "feedPinned", pinnedUpdateId: updateId }],
  "feed:more": (page) => [{ type: "feedOlder", page }],
  "story:update": storyResult,
  "story:setState": storyResult,
  "story:setAccess": storyResult,
};

/** The desk actions a successful ack of `event` stands for (none for most reads). */
export function ackActions<E extends CommandName>(event: E, data: AckOf<E>, payload: PayloadOf<E>): DeskAction[] {
  const effect: AckEffect<E> | undefined = ACK_EFFECTS[event];
  return effect ? effect(data, payload) : [];
}

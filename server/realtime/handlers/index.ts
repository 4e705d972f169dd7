/**
 * A desk socket's handlers: one per client event of the contract (lib/protocol/events.ts), from
 * the four groups below. Each is thin — the registration validates with the event's schema, the
 * handler calls a service and names the broadcast, the wrapper acks and then broadcasts
 * (../command.ts).
 */
import { registerHandlers, type HandlerContext, type Handlers, type SocketQueue } from "../command";
import { cardHandlers } from "./cards";
import { feedHandlers } from "./feed";
import { reviewHandlers } from "./review";
import { storyHandlers } from "./stories";

export function registerDeskHandlers(context: HandlerContext, inOrder: SocketQueue): void {
  const handlers: Handlers = {
    ...cardHandlers(context),
    ...feedHandlers(context),
    ...storyHandlers(context),
    ...reviewHandlers(context),
  };
  registerHandlers(context.socket, inOrder, handlers);
}

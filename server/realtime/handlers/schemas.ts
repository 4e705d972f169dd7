/** TEMPORARY: the schema of each client event, until the contract table (lib/protocol) lands. */
import { z } from "zod";
import { ZAuditList } from "../../../lib/protocol/audit";
import { ZDeleteUpdate, ZEditUpdate, ZMarkKeyEvent, ZPinUpdate, ZPostUpdate } from "../../../lib/protocol/feed";
import { ZCardHistory, ZPublishCard, ZPublishPreview, ZRevertCard } from "../../../lib/protocol/publishing";
import {
  ZCommentDelete,
  ZCommentEdit,
  ZCommentReply,
  ZNotificationPrefs,
  ZNotificationsRead,
  ZSuggestionDecide,
  ZThreadCreate,
  ZThreadList,
  ZThreadResolve,
} from "../../../lib/protocol/review";
import { ZCreateCard, ZDeleteCard, ZId, ZJoinStory, ZMoveCard, ZPresenceUpdate, ZSetCardStatus, ZUpdateCard } from "../../../lib/protocol/schemas";
import { ZListStories, ZProposeTopics, ZSetStoryAccess, ZSetStoryState, ZUpdateStory } from "../../../lib/protocol/stories";
import type { CLIENT_EVENTS } from "../../../lib/protocol/events";

const ZStoryRef = z.object({ storyId: ZId });
const ZEmpty = z.object({}).strict().optional().default({});

export const CLIENT_EVENT_SCHEMAS = {
  "story:join": ZJoinStory,
  "presence:update": ZPresenceUpdate,
  "card:create": ZCreateCard,
  "card:update": ZUpdateCard,
  "card:setStatus": ZSetCardStatus,
  "card:move": ZMoveCard,
  "card:delete": ZDeleteCard,
  "card:publish": ZPublishCard,
  "card:history": ZCardHistory,
  "card:preview": ZPublishPreview,
  "card:revert": ZRevertCard,
  "feed:post": ZPostUpdate,
  "feed:edit": ZEditUpdate,
  "feed:delete": ZDeleteUpdate,
  "feed:pin": ZPinUpdate,
  "feed:keyEvent": ZMarkKeyEvent,
  "feed:approve": ZDeleteUpdate,
  "feed:more": z.object({ before: z.number().int().min(1) }),
  "audit:list": ZAuditList,
  "stories:watch": ZListStories,
  "story:propose": ZProposeTopics,
  "story:create": z.record(z.string(), z.unknown()),
  "story:update": ZUpdateStory,
  "story:setState": ZSetStoryState,
  "story:access": ZStoryRef,
  "story:setAccess": ZSetStoryAccess,
  "story:source": ZStoryRef,
  "review:threads": ZThreadList,
  "review:people": ZEmpty,
  "thread:create": ZThreadCreate,
  "thread:resolve": ZThreadResolve,
  "comment:reply": ZCommentReply,
  "comment:edit": ZCommentEdit,
  "comment:delete": ZCommentDelete,
  "suggestion:decide": ZSuggestionDecide,
  "notifications:list": ZEmpty,
  "notifications:read": ZNotificationsRead,
  "notifications:email": ZNotificationPrefs,
} satisfies Record<(typeof CLIENT_EVENTS)[number], z.ZodType>;

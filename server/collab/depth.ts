/**
 * How deeply an incoming Yjs update nests the card text. Thousands of nested blockquotes fit in
 * a small update and are valid Yjs, but every recursive walk over the document (rendering,
 * publishing, the editors' ProseMirror) overflows its stack on them. The editor's own content
 * never needs more than a few dozen levels (a list nested ten deep is twenty), so an update that
 * would put a node deeper than COLLAB_LIMITS.nestingDepthMax is refused whole, before it is
 * applied or stored, with DOC_TOO_DEEP.
 *
 * Pure: reads the update and the document (never changes either), and is bounded by the limit,
 * not by the input — no recursion deeper than the limit, whatever the update holds.
 *
 * Depth counts nested types from the body's root: a paragraph at the top is 1, a list item in a
 * list 2, a paragraph in it 3. Where an item's container is in neither the update nor the
 * document (it arrives later), the container counts as the root: such an item waits, unapplied,
 * until its container comes. The renderer (./render.ts) is depth-limited as well, so nothing
 * stored can break it whatever slips past here.
 */
import * as Y from "yjs";
import { COLLAB_LIMITS } from "../../lib/protocol/collab";
import { DomainError } from "../domain/errors";

type Ref = { client: number; clock: number };
type Structs = ReturnType<typeof Y.decodeUpdate>["structs"];
type AnyType = Y.AbstractType<unknown>;

/** The struct of `structs` (one client's, in clock order) that holds `clock`, if any. */
function holding<S extends { id: Ref; length: number }>(structs: readonly S[] | undefined, clock: number): S | undefined {
  if (!structs?.length) return undefined;
  let lo = 0;
  let hi = structs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = structs[mid];
    if (clock < s.id.clock) hi = mid - 1;
    else if (clock >= s.id.clock + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/**
 * The deepest nesting `update` would create in `doc` (0 for an update without types). Stops
 * counting once past `max` (the answer is then max + 1).
 */
export function nestingDepth(doc: Y.Doc, update: Uint8Array, max = COLLAB_LIMITS.nestingDepthMax): number {
  let structs: Structs;
  try {
    structs = Y.decodeUpdate(update).structs;
  } catch {
    return 0; // not a readable update: the sync path refuses it as MALFORMED_UPDATE
  }
  const items = structs.filter((s): s is Y.Item => s instanceof Y.Item);
  const byClient = new Map<number, Y.Item[]>();
  for (const item of items) {
    const list = byClient.get(item.id.client) ?? [];
    list.push(item);
    byClient.set(item.id.client, list);
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);

  const inUpdate = (ref: Ref) => holding(byClient.get(ref.client), ref.clock);
  const inDoc = (ref: Ref): Y.Item | undefined => {
    const found = holding(doc.store.clients.get(ref.client) as (Y.Item | Y.GC)[] | undefined, ref.clock);
    return found instanceof Y.Item ? found : undefined;
  };
  const typeDepths = new Map<AnyType, number>();
  /** Depth of a type already in the document (its item's chain of parents), capped past max. */
  const docTypeDepth = (type: AnyType): number => {
    const known = typeDepths.get(type);
    if (known !== undefined) return known;
    let depth = 0;
    for (let t: AnyType | null = type; t?._item && depth <= max; t = t._item.parent as AnyType | null) depth++;
    typeDepths.set(type, depth);
    return depth;
  };
  const containers = new Map<Y.Item, number>();

  /** Depth of the container holding `item`; `level` bounds the recursion through parents. */
  const containerDepth = (item: Y.Item, level: number): number => {
    if (level > max) return max + 1;
    const siblings: Y.Item[] = [];
    let current: Y.Item = item;
    let depth: number;
    // Items written right after a sibling leave out their parent: follow the siblings to one
    // that names it (or to one already in the document). A loop, not recursion: a run of
    // siblings can be as long as the update.
    for (;;) {
      const memo = containers.get(current);
      if (memo !== undefined) {
        depth = memo;
        break;
      }
      siblings.push(current);
      const parent = current.parent as unknown;
      if (parent === null) {
        const ref = (current.origin ?? current.rightOrigin) as Ref | null;
        const next = ref && inUpdate(ref);
        if (next && !containers.has(next) && siblings.includes(next)) {
          depth = 0; // a cycle is not a valid update; Yjs refuses it
          break;
        }
        if (next) {
          current = next;
          continue;
        }
        const there = ref && inDoc(ref);
        depth = there?.parent ? docTypeDepth(there.parent as AnyType) : 0;
      } else if (typeof parent === "string") {
        depth = 0; // a root type (the body fragment)
      } else {
        const ref = parent as Ref;
        const container = inUpdate(ref);
        if (container) depth = containerDepth(container, level + 1) + 1;
        else {
          const there = inDoc(ref);
          const type = there?.content instanceof Y.ContentType ? (there.content.type as AnyType) : null;
          depth = type ? docTypeDepth(type) : 0;
        }
      }
      break;
    }
    for (const s of siblings) containers.set(s, depth);
    return depth;
  };

  let deepest = 0;
  for (const item of items) {
    if (!(item.content instanceof Y.ContentType)) continue;
    deepest = Math.max(deepest, Math.min(max + 1, containerDepth(item, 0) + 1));
    if (deepest > max) break;
  }
  return deepest;
}

/** Throws DOC_TOO_DEEP when `update` would nest the card text deeper than the limit. */
export function assertNestingWithinLimit(doc: Y.Doc, update: Uint8Array): void {
  const max = COLLAB_LIMITS.nestingDepthMax;
  if (nestingDepth(doc, update, max) > max) {
    throw new DomainError("DOC_TOO_DEEP", `The text is nested too deeply (more than ${max} levels of quotes, lists or blocks); nothing was saved`);
  }
}

/**
 * The story guard on the typing path: when its cached state of a story runs out, the keystrokes
 * that come before the database answers start one lookup between them, not one each, and an
 * archived story is still refused once the answer is in.
 */
import { describe, expect, it } from "vitest";
import { StoryGuard } from "./story-guard";

const ANA = { id: "user-ana", role: "editor" as const };

describe("story guard lookups", () => {
  it("keystrokes waiting for the same story's state share one lookup", async () => {
    let lookups = 0;
    let answer: (flags: { archived: boolean; restricted: boolean }) => void = () => {};
    const guard = new StoryGuard({
      flags: () => {
        lookups += 1;
        return new Promise((resolve) => (answer = resolve));
      },
      visibleTo: async () => true,
    });
    // Nothing cached: each text write passes and asks for a refresh behind it.
    for (let i = 0; i < 50; i++) expect(guard.textWritable("story-1", ANA)).toBeUndefined();
    const waiting = guard.visible("story-1", ANA);
    expect(lookups).toBe(1);
    answer({ archived: true, restricted: false });
    await waiting;
    expect(() => guard.textWritable("story-1", ANA)).toThrow(/archived/);
    expect(lookups).toBe(1);
  });

  it("after the story changed, a lookup started before is not what the guard keeps", async () => {
    const answers: ((flags: { archived: boolean; restricted: boolean }) => void)[] = [];
    const guard = new StoryGuard({
      flags: () => new Promise((resolve) => answers.push(resolve)),
      visibleTo: async () => true,
    });
    const before = guard.visible("story-1", ANA);
    guard.forget("story-1"); // e.g. archived by this process meanwhile
    const after = guard.visible("story-1", ANA);
    expect(answers).toHaveLength(2);
    answers[1]({ archived: true, restricted: false });
    answers[0]({ archived: false, restricted: false });
    await Promise.all([before, after]);
    expect(() => guard.textWritable("story-1", ANA)).toThrow(/archived/);
  });
});

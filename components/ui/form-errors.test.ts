import { describe, expect, it } from "vitest";
import { ZCreateUser } from "@/lib/protocol";
import { fieldErrors } from "./form-errors";

describe("fieldErrors", () => {
  it("gives each field its first problem, in words", () => {
    const parsed = ZCreateUser.safeParse({ email: "not-an-email", name: " ", role: "boss", password: "short" });
    expect(parsed.success).toBe(false);
    const errors = fieldErrors(parsed.error!.issues, ["email", "name", "role", "password"] as const);
    expect(errors).toEqual({
      email: "Enter a valid email address",
      name: "A name is required",
      role: "Role must be one of: admin, editor, contributor, viewer",
      password: "The password must be at least 10 characters",
    });
  });

  it("ignores fields the form does not show", () => {
    expect(fieldErrors([{ path: ["other"], message: "x" }, { path: [], message: "y" }], ["email"] as const)).toEqual({});
  });
});

import { describe, expect, test } from "vitest";
import { z } from "zod";
import { callerAction, clientAction, editors, linkAction, readers, registry, systemAction, tagOf } from "./registry.ts";

const answer = z.object({});
const run = () => Promise.resolve({});

describe("the action registry", () => {
  const list = clientAction({ summary: "list", write: false, roles: readers, input: z.object({}), answer, run });
  const save = clientAction({ summary: "save", write: true, roles: editors, access: "user", input: z.object({}), answer, run });
  const people = callerAction({ summary: "people", write: false, roles: readers, input: z.object({}), answer, run });
  const job = systemAction({ summary: "job", write: true, input: z.object({}), answer, run });
  const link = linkAction({ summary: "link", write: false, input: z.object({}), answer, run });

  test("a client action is open to users and API keys unless it says otherwise", () => {
    expect([list.scope, list.access]).toEqual(["client", "both"]);
    expect([save.scope, save.access]).toEqual(["client", "user"]);
  });

  test("actions are tagged by who may call them: keys public, users only dashboard, cron scheduled, a link's token link", () => {
    expect([tagOf(list), tagOf(save), tagOf(people), tagOf(job), tagOf(link)]).toEqual(["public", "dashboard", "dashboard", "scheduled", "link"]);
  });

  test("a link action is for no role: its input's token is the proof", () => {
    expect([link.scope, link.access, link.roles]).toEqual(["caller", "link", []]);
  });

  test("a function's registry keeps its domains' actions in order", () => {
    expect(Object.keys(registry({ list }, { save, people }, { job }))).toEqual(["list", "save", "people", "job"]);
  });

  test("an action name declared by two domains is refused when the function is composed", () => {
    expect(() => registry({ list }, { list: save })).toThrow("action list is declared twice");
  });
});

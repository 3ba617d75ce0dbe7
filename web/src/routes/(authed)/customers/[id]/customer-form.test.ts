import { describe, expect, test } from "vitest";
import { makeCustomer } from "$lib/testing/customers.ts";
import { changesOf, formValuesOf } from "./customer-form.ts";

describe("changesOf", () => {
  const customer = makeCustomer({ manager: "Sam", logins: 12, tags: ["vip", "emea"], mrr: 1200 });
  const initial = formValuesOf(customer);

  test("sends only the fields that changed, cleared ones as null", () => {
    const changes = changesOf(customer.id, initial, { ...initial, logins: "20", manager: "" });
    expect(changes).toEqual({ ok: true, fields: { logins: "20", manager: null } });
  });

  test("nothing changed is an empty change", () => {
    expect(changesOf(customer.id, initial, { ...initial, tags: "vip, emea " })).toEqual({ ok: true, fields: {} });
  });

  test("a value the API would refuse is refused here, naming the field with the API's message", () => {
    expect(changesOf(customer.id, initial, { ...initial, adoption: "140" }))
      .toEqual({ ok: false, field: "adoption", message: "adoption must be a number between 0 and 100" });
    expect(changesOf(customer.id, initial, { ...initial, renewal_date: "2026-02-30" })).toMatchObject({ ok: false, field: "renewal_date" });
  });
});

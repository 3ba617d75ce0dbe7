// The sentiment log: each entry is kept, and the latest sets the customer's
// sentiment in the same transaction, whichever way it was written.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeRecordWorld, type RecordWorld, refusal } from "./record-world.ts";

let w: RecordWorld;
let customerId: string;

beforeAll(async () => {
  w = await makeRecordWorld("record-sentiment");
  customerId = await w.customer();
});
afterAll(() => w?.end());

const sentimentOf = async (id: string) => (await w.sql`select sentiment from public.customers where id = ${id}`)[0].sentiment;

describe("the sentiment log", () => {
  test("logging an entry sets the customer's sentiment; the log keeps every entry, newest first", async () => {
    const negative = await w.as(w.manager, "log_sentiment", { customer_id: customerId, sentiment: "negative", note: "Billing issue" });
    expect(negative.status).toBe(201);
    expect(negative.body).toMatchObject({ created: true, sentiment: "negative", entry: { sentiment: "negative", note: "Billing issue", author_email: w.manager.email } });
    expect(await sentimentOf(customerId), "the customer's sentiment is the entry's").toBe("negative");

    const positive = await w.as(w.owner, "log_sentiment", { customer_id: customerId, sentiment: "Positive" });
    expect(positive.body.sentiment, "case does not matter").toBe("positive");
    expect(await sentimentOf(customerId)).toBe("positive");

    const listed = await w.as(w.viewer, "list_sentiment", { customer_id: customerId });
    expect(listed.body.sentiment).toBe("positive");
    expect(listed.body.entries.map((e: { sentiment: string; note: string | null }) => [e.sentiment, e.note]), "both kept, newest first")
      .toEqual([["positive", null], ["negative", "Billing issue"]]);
  });

  test("the customer's sentiment moves in the entry's own transaction: a failed write leaves both unchanged", async () => {
    const before = await sentimentOf(customerId);
    const [{ n }] = await w.sql`select count(*)::int as n from public.sentiment_entries where customer_id = ${customerId}`;
    await w.sql.begin(async (tx) => {
      await tx`insert into public.sentiment_entries (client_id, customer_id, sentiment) values (${w.clientId}, ${customerId}, 'neutral')`;
      expect((await tx`select sentiment from public.customers where id = ${customerId}`)[0].sentiment, "set inside the transaction").toBe("neutral");
      throw new Error("rollback");
    }).catch(() => {});
    expect(await sentimentOf(customerId), "rolled back with the entry").toBe(before);
    expect((await w.sql`select count(*)::int as n from public.sentiment_entries where customer_id = ${customerId}`)[0].n).toBe(n);
  });

  test("the sentiment change reaches the customer's audit trail as the user", async () => {
    const other = await w.customer();
    await w.as(w.owner, "log_sentiment", { customer_id: other, sentiment: "neutral", note: "Quiet quarter" });
    const rows = await w.sql`select table_name, action, actor, after from public.audit_log
                             where client_id = ${w.clientId} and (row_id = ${other} or (table_name = 'sentiment_entries' and after ->> 'customer_id' = ${other}))
                             order by id`;
    expect(rows.some((r) => r.table_name === "sentiment_entries" && r.action === "insert" && r.actor === "user"), "the entry").toBe(true);
    expect(rows.some((r) => r.table_name === "customers" && r.action === "update" && r.after?.sentiment === "neutral"), "the customer's sentiment").toBe(true);
  });

  test("bad input is 400 naming the field", async () => {
    expect(refusal(await w.as(w.owner, "log_sentiment", { customer_id: customerId, sentiment: "ecstatic" }))).toEqual({ status: 400, field: "sentiment" });
    expect(refusal(await w.as(w.owner, "log_sentiment", { customer_id: customerId }))).toEqual({ status: 400, field: "sentiment" });
    expect(refusal(await w.as(w.owner, "log_sentiment", { customer_id: customerId, sentiment: "neutral", note: "x".repeat(2001) })))
      .toEqual({ status: 400, field: "note" });
    expect(refusal(await w.as(w.owner, "log_sentiment", { sentiment: "neutral" }))).toEqual({ status: 400, field: "customer_id" });
  });
});

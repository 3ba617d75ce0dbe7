import { describe, expect, it } from "vitest";
import { type BackupFile, backupTables, comparableContent } from "./tables.ts";

const file = (ids: { profile: string; customer: string }): BackupFile => ({
  kind: "pulseboard.client-backup", version: 1, created_at: "2026-12-02T00:00:00Z", client: { name: "A" },
  tables: {
    ...Object.fromEntries(backupTables.map((t) => [t.name, []])),
    scoring_profiles: [{ id: ids.profile, name: "Product-led" }],
    customers: [{ id: ids.customer, name: "Acme", scoring_profile_id: ids.profile }],
    contacts: [{ id: `${ids.customer}-c`, customer_id: ids.customer, name: "Ada" }],
  },
});

describe("comparableContent", () => {
  it("makes two backups of the same data equal whatever their ids", () => {
    expect(comparableContent(file({ profile: "p1", customer: "c1" }))).toEqual(comparableContent(file({ profile: "p9", customer: "c9" })));
  });

  it("replaces ids and references by the place of the row they name", () => {
    const content = comparableContent(file({ profile: "p1", customer: "c1" }));
    expect(content.customers).toEqual([{ id: "customers#0", name: "Acme", scoring_profile_id: "scoring_profiles#0" }]);
    expect(content.contacts).toEqual([{ id: "contacts#0", customer_id: "customers#0", name: "Ada" }]);
  });

  it("still tells different data apart", () => {
    const other = file({ profile: "p1", customer: "c1" });
    other.tables.customers[0].name = "Acme Two";
    expect(comparableContent(other)).not.toEqual(comparableContent(file({ profile: "p1", customer: "c1" })));
  });

  it("lists every table once", () => {
    expect(new Set(backupTables.map((t) => t.name)).size).toBe(backupTables.length);
  });
});

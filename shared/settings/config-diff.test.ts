import { describe, expect, test } from "vitest";
import { configChanges, type ConfigSnapshot } from "./config-diff.ts";

const base: ConfigSnapshot = {
  settings: { weights: { logins: 25, adoption: 25 }, bands: { atrisk: 25 }, cadence: { smb: { dueSoon: 30, overdue: 60 } } },
  profiles: [{ id: "p1", name: "Enterprise", weights: { logins: 50, adoption: 50 }, mappings: {}, bands: null }],
};

describe("configChanges", () => {
  test("the first version has nothing to compare with", () => {
    expect(configChanges(null, base)).toEqual([]);
  });

  test("names each changed value by its dotted path, before → after", () => {
    const next = structuredClone(base);
    next.settings.weights = { logins: 30, adoption: 20 };
    (next.settings.cadence as any).smb.overdue = 75;
    expect(configChanges(base, next)).toEqual([
      { path: "weights.logins", before: 25, after: 30 },
      { path: "weights.adoption", before: 25, after: 20 },
      { path: "cadence.smb.overdue", before: 60, after: 75 },
    ]);
  });

  test("a profile added, renamed, changed or deleted is said so", () => {
    const added = { ...base, profiles: [...base.profiles, { id: "p2", name: "SMB", weights: {}, mappings: {}, bands: null }] };
    expect(configChanges(base, added)).toEqual([{ path: "profile SMB", before: "none", after: "created" }]);
    const renamed = { ...base, profiles: [{ ...base.profiles[0], name: "Large", weights: { logins: 40, adoption: 60 } }] };
    expect(configChanges(base, renamed)).toEqual([
      { path: "profile Enterprise: name", before: "Enterprise", after: "Large" },
      { path: "profile Large: weights.logins", before: 50, after: 40 },
      { path: "profile Large: weights.adoption", before: 50, after: 60 },
    ]);
    expect(configChanges(base, { ...base, profiles: [] })).toEqual([{ path: "profile Enterprise", before: "exists", after: "deleted" }]);
  });
});

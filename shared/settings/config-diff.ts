// What changed between two versions of a client's scoring configuration, as
// Config History shows it: one line per changed value, by path
// ("weights.logins", "profile Enterprise: weights.nps"), before → after.
export type ConfigSnapshot = { settings: Record<string, unknown>; profiles: { name: string; [k: string]: unknown }[] };
export type ConfigChange = { path: string; before: unknown; after: unknown };

/** Leaf values of a JSON object by dotted path; arrays and scalars are leaves. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, value);
  }
  return out;
}

/** Every leaf that differs between two JSON values, by dotted path (the audit log's before → after too). */
export function diffObjects(before: unknown, after: unknown, label = ""): ConfigChange[] {
  const a = flatten(before ?? {}, "", new Map()), b = flatten(after ?? {}, "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((p) => JSON.stringify(a.get(p) ?? null) !== JSON.stringify(b.get(p) ?? null))
    .map((p) => ({ path: `${label}${p}`, before: a.get(p) ?? null, after: b.get(p) ?? null }));
}

/** Profiles are matched by id (so a rename is a rename), else by name; one added or removed is one line. */
function diffProfiles(before: ConfigSnapshot["profiles"], after: ConfigSnapshot["profiles"]): ConfigChange[] {
  const shape = ({ weights, mappings, bands }: Record<string, unknown>) => ({ weights, mappings, bands });
  const byName = (list: ConfigSnapshot["profiles"]) => new Map(list.map((p) => [String(p.id ?? p.name.toLowerCase()), p]));
  const a = byName(before), b = byName(after);
  const changes: ConfigChange[] = [];
  for (const [key, p] of a) {
    const q = b.get(key);
    if (!q) changes.push({ path: `profile ${p.name}`, before: "exists", after: "deleted" });
    else {
      if (p.name !== q.name) changes.push({ path: `profile ${p.name}: name`, before: p.name, after: q.name });
      changes.push(...diffObjects(shape(p), shape(q), `profile ${q.name}: `));
    }
  }
  for (const [key, q] of b) if (!a.has(key)) changes.push({ path: `profile ${q.name}`, before: "none", after: "created" });
  return changes;
}

/** Every change from `before` to `after`; `before` null for the first version (nothing to compare). */
export function configChanges(before: ConfigSnapshot | null, after: ConfigSnapshot): ConfigChange[] {
  if (!before) return [];
  return [...diffObjects(before.settings, after.settings), ...diffProfiles(before.profiles, after.profiles)];
}

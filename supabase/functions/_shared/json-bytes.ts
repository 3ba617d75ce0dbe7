// Answers already serialized as UTF-8 by Postgres, sent as they are.
/**
 * An answer already serialized as UTF-8 (by Postgres): sent as is, never
 * decoded, parsed or stringified again.
 */
export class JsonBytes {
  constructor(readonly bytes: Uint8Array<ArrayBuffer>) {}
}

const utf8 = new TextEncoder();

/** `head`, then the JSON values `items` separated by commas, then `tail`, as one UTF-8 body. */
export function joinJson(head: string, items: Uint8Array[], tail: string): JsonBytes {
  const [h, t] = [utf8.encode(head), utf8.encode(tail)];
  const commas = Math.max(0, items.length - 1);
  const body = new Uint8Array(h.length + items.reduce((n, item) => n + item.length, 0) + commas + t.length);
  body.set(h);
  let at = h.length;
  items.forEach((item, i) => {
    if (i > 0) body[at++] = 44; // ","
    body.set(item, at);
    at += item.length;
  });
  body.set(t, at);
  return new JsonBytes(body);
}

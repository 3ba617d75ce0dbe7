// A real HTTP endpoint on 127.0.0.1 that a REST hook can be subscribed to:
// it answers every POST with 200 and keeps what arrived, body as sent, so a
// test reads exactly the bytes the notifications function delivered.
import { createServer, type IncomingHttpHeaders } from "node:http";

export type Delivered = { method?: string; url?: string; headers: IncomingHttpHeaders; body: string };

export type HookReceiver = { url: string; received: Delivered[]; close(): Promise<void> };

export async function startHookReceiver(): Promise<HookReceiver> {
  const received: Delivered[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    // The sender may keep its connection alive; close would wait for it.
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

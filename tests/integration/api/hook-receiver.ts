// A real HTTP endpoint on 127.0.0.1 that a REST hook can be subscribed to:
// it keeps what arrived, body as sent, so a test reads exactly the bytes the
// notifications function delivered. By default it answers 200 at once; a test
// can make it answer another status (a receiver that is down, a redirect),
// with headers (a Location), or slowly (a target that hangs).
import { createServer, type IncomingHttpHeaders } from "node:http";

export type Delivered = { method?: string; url?: string; headers: IncomingHttpHeaders; body: string; at: number };

export type ReceiverAnswer = { status?: number; headers?: Record<string, string>; delayMs?: number };

export type HookReceiver = {
  url: string;
  received: Delivered[];
  /** Changes how the next requests are answered. */
  answer(with_: ReceiverAnswer): void;
  close(): Promise<void>;
};

export async function startHookReceiver(initial: ReceiverAnswer = {}): Promise<HookReceiver> {
  const received: Delivered[] = [];
  let how: ReceiverAnswer = initial;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    const at = Date.now();
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at });
      const { status = 200, headers = {}, delayMs = 0 } = how;
      const reply = () => {
        if (!res.destroyed) res.writeHead(status, { "content-type": "application/json", ...headers }).end('{"ok":true}');
      };
      if (delayMs > 0) setTimeout(reply, delayMs).unref();
      else reply();
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answer: (next) => (how = next),
    // The sender may keep its connection alive; close would wait for it.
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

// A real HTTP receiver on 127.0.0.1 that speaks one channel's protocol and
// keeps what arrived (headers and body as sent). By default it answers as
// the real service does (Slack: 200 "ok"; Teams Workflows: 202; the e-mail
// API: 200 {id}; a webhook endpoint: 204). A test can make it fail (a
// status, with headers such as Retry-After), fail the next N calls, fail a
// share of calls at random, hang (answer late or never), or go down (its
// port refuses connections) and come back on the same port.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Arrival = { path: string; headers: IncomingHttpHeaders; body: string; at: number; answered: number };

export type Behaviour = {
  /** Every answer's status (instead of the protocol's success). */
  status?: number;
  headers?: Record<string, string>;
  /** The next `times` calls answer `status`, then success again. */
  times?: number;
  /** A share of calls (0–1) answered 503, at random. */
  failShare?: number;
  /** Milliseconds before answering; Infinity never answers. */
  delayMs?: number;
};

export type Protocol = "slack" | "teams" | "email" | "webhook";

const success: Record<Protocol, (n: number) => { status: number; body: string; type: string }> = {
  slack: () => ({ status: 200, body: "ok", type: "text/plain" }),
  teams: () => ({ status: 202, body: "", type: "text/plain" }),
  email: (n) => ({ status: 200, body: JSON.stringify({ id: `email_${n}` }), type: "application/json" }),
  webhook: () => ({ status: 204, body: "", type: "text/plain" }),
};

export type Receiver = {
  url: string;
  protocol: Protocol;
  /** Every request that reached it, answered or not. */
  arrivals: Arrival[];
  /** What it answered with success, in order. */
  delivered: () => Arrival[];
  behave(b: Behaviour): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

export async function startReceiver(protocol: Protocol, path = `/${protocol}`): Promise<Receiver> {
  const arrivals: Arrival[] = [];
  const ok = new Set<Arrival>();
  let how: Behaviour = {};
  let server: Server;
  const sockets = new Set<Socket>();
  let port = 0;

  const handle: Parameters<typeof createServer>[1] = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (d: Buffer) => chunks.push(d));
    req.on("end", () => {
      const arrival: Arrival = { path: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now(), answered: 0 };
      arrivals.push(arrival);
      let status: number | undefined = how.status;
      if (how.times !== undefined) {
        status = how.times > 0 ? how.status : undefined;
        how = { ...how, times: how.times - 1 };
      }
      if (status === undefined && how.failShare && Math.random() < how.failShare) status = 503;
      const reply = () => {
        if (res.destroyed) return;
        arrival.answered = Date.now();
        if (status !== undefined) {
          res.writeHead(status, { "content-type": "application/json", ...how.headers }).end(JSON.stringify({ error: `answered ${status}` }));
          return;
        }
        const s = success[protocol](ok.size + 1);
        ok.add(arrival);
        res.writeHead(s.status, { "content-type": s.type }).end(s.body);
      };
      const delay = how.delayMs ?? 0;
      if (delay === Infinity) return;
      if (delay > 0) setTimeout(reply, delay).unref();
      else reply();
    });
  };

  const listen = async () => {
    server = createServer(handle);
    server.on("connection", (s) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((done) => server.listen(port, "127.0.0.1", done));
    port = (server.address() as AddressInfo).port;
  };
  const stop = () => new Promise<void>((done) => {
    server.close(() => done());
    for (const s of sockets) s.destroy();
  });
  await listen();

  return {
    url: `http://127.0.0.1:${port}${path}`,
    protocol,
    arrivals,
    delivered: () => arrivals.filter((a) => ok.has(a)),
    behave: (b) => (how = b),
    down: stop,
    up: listen,
    close: stop,
  };
}

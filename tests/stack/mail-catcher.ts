// A Resend-compatible e-mail API for the test stack, as Supabase's local
// stack has a mail catcher: the functions POST /emails to it (EMAIL_API_URL)
// and tests read what arrived with GET /messages?to=<address>.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type CaughtEmail = { from: string; to: string[]; subject: string; text: string };

export async function startMailCatcher(): Promise<{ url: string; stop: () => Promise<void> }> {
  const messages: CaughtEmail[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "POST" && url.pathname === "/emails") {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        messages.push(JSON.parse(body));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: String(messages.length) }));
      });
      return;
    }
    if (req.method === "GET" && url.pathname === "/messages") {
      const to = url.searchParams.get("to");
      const found = to ? messages.filter((m) => m.to.includes(to)) : messages;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(found));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, stop: () => new Promise((ok) => server.close(() => ok())) };
}

// A Resend-compatible e-mail API that keeps what it receives, as Supabase's
// local stack has a mail catcher. The functions POST /emails to it
// (EMAIL_API_URL): from, to, subject, text, html, attachments, with an
// Idempotency-Key that it honours as Resend does (a repeat of a key is
// answered with the first message's id and not kept twice). Runs under Node
// (the tests' global setup) and Deno (`npm start`, local/stack.ts).
//
//   GET  /                    the received mail, newest first, each with its HTML
//   GET  /api/messages[?to=]  the same as JSON (GET /messages is the old name)
//   POST /api/behave          {status?, times?, delayMs?, headers?}: how to answer
//                             the next POST /emails (tests make it fail or hang)
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export type CaughtEmail = {
  id: string; from: string; to: string[]; subject: string; text: string; html?: string;
  attachments?: { filename: string; content: string; content_type?: string }[];
  idempotency_key: string | null; received_at: string;
};

type Behaviour = { status?: number; times?: number; delayMs?: number; headers?: Record<string, string> };

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function page(messages: CaughtEmail[]): string {
  const items = messages.slice().reverse().map((m) => `<article>
<h2>${escape(m.subject)}</h2>
<p class="meta">To ${escape(m.to.join(", "))} · from ${escape(m.from)} · ${escape(m.received_at)}${m.attachments?.length ? ` · attachments: ${escape(m.attachments.map((a) => a.filename).join(", "))}` : ""}</p>
${m.html ? `<iframe title="${escape(m.subject)}" sandbox srcdoc="${escape(m.html)}"></iframe>` : `<pre>${escape(m.text)}</pre>`}
</article>`).join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Pulseboard mail catcher</title>
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:900px;padding:16px;color:#111827}
article{border:1px solid #e5e7eb;border-radius:8px;padding:12px;margin:12px 0}h2{font-size:16px;margin:0}
.meta{color:#6b7280;font-size:13px}iframe{width:100%;height:360px;border:1px solid #e5e7eb}pre{white-space:pre-wrap}</style></head>
<body><h1>Mail caught by the local stack</h1>
<p>Every e-mail Pulseboard sent on this machine (alerts, digests, invitations). JSON at <a href="/api/messages">/api/messages</a>.</p>
${items || "<p>No mail yet. Alert rules with the Email channel and invitations send here.</p>"}
</body></html>`;
}

const read = (req: IncomingMessage) => new Promise<string>((ok) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => ok(body));
});

export async function startMailCatcher(port = 0): Promise<{ url: string; stop: () => Promise<void> }> {
  const messages: CaughtEmail[] = [];
  const byKey = new Map<string, string>();
  let how: Behaviour = {};
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(value));
    if (req.method === "POST" && url.pathname === "/emails") {
      const body = await read(req);
      if (how.times !== undefined && how.times <= 0) how = {};
      const failing = how.status !== undefined;
      if (how.times !== undefined) how = { ...how, times: how.times - 1 };
      const answer = () => {
        if (failing) return json(how.status ?? 500, { name: "application_error", message: "told to fail" }, how.headers);
        const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
        const repeat = key ? byKey.get(key) : undefined;
        if (repeat) return json(200, { id: repeat });
        let parsed: Partial<CaughtEmail>;
        try {
          parsed = JSON.parse(body);
        } catch {
          return json(422, { name: "validation_error", message: "the body is not JSON" });
        }
        if (!parsed.from || !Array.isArray(parsed.to) || !parsed.subject) return json(422, { name: "validation_error", message: "from, to and subject are required" });
        const id = `mail_${messages.length + 1}`;
        messages.push({ ...(parsed as CaughtEmail), id, idempotency_key: key, received_at: new Date().toISOString() });
        if (key) byKey.set(key, id);
        json(200, { id });
      };
      if (how.delayMs === Infinity) return;
      if (how.delayMs) setTimeout(answer, how.delayMs).unref();
      else answer();
      return;
    }
    if (req.method === "POST" && url.pathname === "/api/behave") {
      how = JSON.parse((await read(req)) || "{}");
      return json(200, how);
    }
    if (req.method === "GET" && (url.pathname === "/messages" || url.pathname === "/api/messages")) {
      const to = url.searchParams.get("to");
      return json(200, to ? messages.filter((m) => m.to.includes(to)) : messages);
    }
    if (req.method === "GET" && url.pathname === "/") {
      return res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page(messages));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", ok);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () => new Promise((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

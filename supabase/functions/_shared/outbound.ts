// Every request the functions make to a URL someone else chose (REST hooks
// now; Slack, Teams, email and webhook channels later) goes through here.
// Such a URL is a way into the network the functions run in, so it may only
// be http(s) without credentials, and its host must resolve to public
// addresses only — or to those the deployment allows (ALLOW_PRIVATE_TARGETS).
//
// checkTarget answers whether a URL may be used (subscribe and save time);
// safeFetch checks again and sends (send time: DNS may have changed since).
// safeFetch connects to exactly the addresses it checked — the connection's
// own lookup is answered with them — so a name that resolves to a public
// address for the check and to a private one for the connection (DNS
// rebinding) reaches nothing new; and nothing is written to a connection
// whose peer is not one of them. It never follows a redirect: a 3xx is
// answered to the caller, whose attempt failed.
//
// What stays open: were a runtime's node:http ever to ignore `lookup` (Deno
// 2.9 honours it; tests prove it in Node and in the local stack), it would
// resolve the name again itself and could open a TCP connection to an
// unchecked address — the peer check then closes it before a byte is sent.
// A host on the allow list is trusted wherever its DNS points. Any port of
// a public host may be used. Whether a name resolves at all is visible in
// the refusal; which address it resolves to is not.
import { type IncomingMessage, request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupAddress } from "node:dns";
import { env } from "./env.ts";
import { type AllowList, allowsIp, classifyIp, embeddedIpv4, formatIpv4, type Ip, parseIp } from "./ip-ranges.ts";

/** A host's addresses of one type; [] when it has none. */
export type Resolver = (host: string, type: "A" | "AAAA", signal: AbortSignal) => Promise<string[]>;

export type OutboundOptions = {
  /** Defaults to ALLOW_PRIVATE_TARGETS. */
  allow?: AllowList;
  /** Defaults to Deno.resolveDns. */
  resolve?: Resolver;
  dnsTimeoutMs?: number;
};

/** A URL that passed, with the addresses it was checked at: the only ones it may be connected to. */
export type Target = { url: URL; addresses: LookupAddress[] };

/** `transient`: the refusal may not hold later (the name did not resolve), so a sender may retry. */
export type Checked = { ok: true; target: Target } | { ok: false; reason: string; transient: boolean };

export class OutboundRefused extends Error {
  constructor(readonly reason: string, readonly transient: boolean) {
    super(`refused: ${reason}`);
  }
}

const denoResolver: Resolver = async (host, type, signal) => {
  try {
    return await Deno.resolveDns(host, type, { signal });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
};

const refuse = (reason: string, transient = false): Checked => ({ ok: false, reason, transient });

/**
 * Why an address may not be reached ("a private address (10.0.0.0/8)"), or
 * null when it may. `spell` adds the IPv4 address a mapped one stands for.
 */
function forbidden(ip: Ip, allow: AllowList, spell = true): string | null {
  if (allowsIp(allow, ip)) return null;
  const verdict = classifyIp(ip);
  if (verdict.public) return null;
  const v4 = spell ? embeddedIpv4(ip) : null;
  const article = /^[aeiou]/.test(verdict.kind) ? "an" : "a";
  return `${v4 ? `which is ${formatIpv4(v4)}, ` : ""}${article} ${verdict.kind} (${verdict.range})`;
}

async function resolveAll(host: string, o: OutboundOptions): Promise<{ addresses: string[]; error?: string }> {
  const resolve = o.resolve ?? denoResolver;
  const signal = AbortSignal.timeout(o.dnsTimeoutMs ?? 3000);
  const answers = await Promise.allSettled([resolve(host, "A", signal), resolve(host, "AAAA", signal)]);
  const addresses = answers.flatMap((a) => (a.status === "fulfilled" ? a.value : []));
  const failed = answers.find((a) => a.status === "rejected");
  return { addresses, error: failed ? String(failed.reason?.message ?? failed.reason).slice(0, 200) : undefined };
}

/**
 * Whether `raw` may be sent to, and at which addresses. Every address the
 * host has must be allowed, not just one: a connection may use any of them.
 */
export async function checkTarget(raw: string, o: OutboundOptions = {}): Promise<Checked> {
  const allow = o.allow ?? env().ALLOW_PRIVATE_TARGETS;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse("must be an http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse("must be an http(s) URL");
  if (url.username || url.password) return refuse("must not carry credentials (user:password@)");
  // The URL parser has already turned 2130706433, 0x7f000001, 127.1 and
  // friends into 127.0.0.1, so a literal address is read in one spelling.
  const host = url.hostname.replace(/\.$/, "");
  const literal = parseIp(host);
  if (literal) {
    const why = forbidden(literal, allow);
    if (why) return refuse(`points at ${host}, ${why}`);
    return { ok: true, target: { url, addresses: [{ address: host.replace(/^\[|\]$/g, ""), family: literal.version }] } };
  }
  const { addresses, error } = await resolveAll(host, o);
  if (addresses.length === 0) {
    return refuse(error ? `host ${host} could not be resolved (${error})` : `host ${host} does not resolve to any address`, true);
  }
  const checked: LookupAddress[] = [];
  for (const address of addresses) {
    const ip = parseIp(address);
    if (!ip) return refuse(`host ${host} resolves to ${address}, which is not an IP address`);
    // The range, not the address: the answer must not map our network's DNS for the caller.
    const why = allow.hosts.has(host) ? null : forbidden(ip, allow, false);
    if (why) return refuse(`host ${host} resolves to ${why}`);
    checked.push({ address, family: ip.version });
  }
  return { ok: true, target: { url, addresses: checked } };
}

export type OutboundRequest = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** For the whole exchange, from connecting to the last byte kept. */
  timeoutMs?: number;
  /** The answer's body is kept up to this many bytes; the rest is not read. */
  maxBodyBytes?: number;
};

export type OutboundResponse = { status: number; headers: Headers; body: string };

/** Sends to a URL that passes checkTarget now, at the addresses just checked; never follows a redirect. */
export async function safeFetch(raw: string, req: OutboundRequest = {}, o: OutboundOptions = {}): Promise<OutboundResponse> {
  const checked = await checkTarget(raw, o);
  if (!checked.ok) throw new OutboundRefused(checked.reason, checked.transient);
  return await send(checked.target, req);
}

/** Whether an answer is a redirect (which safeFetch's callers must treat as a failed attempt). */
export const isRedirect = (status: number) => status >= 300 && status < 400;

function send({ url, addresses }: Target, r: OutboundRequest): Promise<OutboundResponse> {
  const body = r.body === undefined ? undefined : new TextEncoder().encode(r.body);
  const headers: Record<string, string> = { "user-agent": "Pulseboard", ...r.headers };
  if (body) headers["content-length"] = String(body.byteLength);
  const timeoutMs = r.timeoutMs ?? 10_000;
  const maxBodyBytes = r.maxBodyBytes ?? 64 * 1024;
  // node:http, not fetch: its connection asks this lookup for the host's
  // addresses (TLS still verifies the certificate against the host name), and
  // it never follows redirects.
  const lookup = (_host: string, options: { all?: boolean }, done: (...args: unknown[]) => void) => {
    if (options?.all) done(null, addresses);
    else done(null, addresses[0].address, addresses[0].family);
  };
  const requestFn = url.protocol === "https:" ? httpsRequest : httpRequest;

  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const req = requestFn(url, { method: r.method ?? "POST", headers, agent: false, lookup: lookup as never }, (res: IncomingMessage) => {
      const chunks: Uint8Array[] = [];
      let size = 0;
      const finish = () => settle(() => resolve({ status: res.statusCode ?? 0, headers: toHeaders(res), body: decode(chunks) }));
      res.on("data", (chunk: Uint8Array) => {
        if (size < maxBodyBytes) chunks.push(chunk.subarray(0, maxBodyBytes - size));
        size += chunk.byteLength;
        if (size >= maxBodyBytes) {
          finish();
          res.destroy();
        }
      });
      res.on("end", finish);
      res.on("error", (e) => settle(() => reject(e)));
    });
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`no answer within ${timeoutMs} ms`)));
      req.destroy();
    }, timeoutMs);
    req.on("error", (e) => settle(() => reject(e)));
    // Nothing is written until the peer is known to be an address checked
    // above: should a runtime ever connect without asking our lookup, the
    // request dies here, before its first byte.
    req.on("socket", (socket) => {
      const verify = () => {
        const peer = socket.remoteAddress ?? "";
        if (addresses.some((a) => sameAddress(a.address, peer))) return req.end(body);
        settle(() => reject(new OutboundRefused(`connected to ${peer || "an unknown address"}, which was not checked for ${url.host}`, false)));
        req.destroy();
      };
      if (socket.connecting) socket.once("connect", verify);
      else verify();
    });
  });
}

/** One address in two spellings (an IPv4 peer may show as ::ffff:a.b.c.d). */
function sameAddress(a: string, b: string): boolean {
  const [x, y] = [parseIp(a), parseIp(b)];
  if (!x || !y) return false;
  const [x4, y4] = [embeddedIpv4(x) ?? x, embeddedIpv4(y) ?? y];
  return x4.version === y4.version && x4.value === y4.value;
}

function toHeaders(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}

const decode = (chunks: Uint8Array[]) => new TextDecoder().decode(concat(chunks));

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

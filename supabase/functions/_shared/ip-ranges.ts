// What an outbound request may reach, as pure rules: IP addresses parsed from
// the spellings URLs and resolvers give, the special-purpose ranges that are
// not the public internet (RFC 6890 and the IANA registries), and a
// deployment's allow list of private hosts and ranges. No I/O: outbound.ts
// resolves and connects.

/** An address as a number: 32 bits for IPv4, 128 for IPv6. */
export type Ip = { version: 4 | 6; value: bigint };
/** A CIDR range: the addresses whose first `bits` bits are those of `base`. */
export type Range = { version: 4 | 6; base: bigint; bits: number };

const v4Part = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function parseV4(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => v4Part.test(p))) return null;
  return parts.reduce((n, p) => (n << 8n) | BigInt(p), 0n);
}

function parseGroups(text: string): bigint[] | null {
  if (text === "") return [];
  const groups = text.split(":");
  const out: bigint[] = [];
  for (const [i, g] of groups.entries()) {
    if (i === groups.length - 1 && g.includes(".")) {
      const v4 = parseV4(g);
      if (v4 === null) return null;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (/^[0-9a-f]{1,4}$/.test(g)) {
      out.push(BigInt(`0x${g}`));
    } else {
      return null;
    }
  }
  return out;
}

function parseV6(text: string): bigint | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<bigint>(missing).fill(0n), ...tail].reduce((n, g) => (n << 16n) | g, 0n);
}

/**
 * An IP address in canonical dotted-quad or IPv6 text (brackets allowed), or
 * null. Other IPv4 spellings (`2130706433`, `0x7f000001`, `127.1`) never
 * reach here: the URL parser has already rewritten them as 127.0.0.1.
 */
export function parseIp(text: string): Ip | null {
  const t = text.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (t.includes(".") && !t.includes(":")) {
    const value = parseV4(t);
    return value === null ? null : { version: 4, value };
  }
  if (!t.includes(":") || t.includes("%")) return null; // a zone id names an interface, never a public host
  const value = parseV6(t);
  return value === null ? null : { version: 6, value };
}

/** Dotted-quad text of an IPv4 address (for messages about embedded ones). */
export function formatIpv4(ip: Ip): string {
  return [24n, 16n, 8n, 0n].map((s) => (ip.value >> s) & 0xffn).join(".");
}

export function parseRange(text: string): Range | null {
  const [addr, bitsText, extra] = text.split("/");
  const ip = extra === undefined ? parseIp(addr) : null;
  if (!ip) return null;
  const max = ip.version === 4 ? 32 : 128;
  const bits = bitsText === undefined ? max : /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= max)) return null;
  return { version: ip.version, base: ip.value, bits };
}

export function inRange(ip: Ip, r: Range): boolean {
  if (ip.version !== r.version) return false;
  const shift = BigInt((ip.version === 4 ? 32 : 128) - r.bits);
  return ip.value >> shift === r.base >> shift;
}

/**
 * The IPv4 address an IPv6 one stands for: IPv4-mapped (::ffff:a.b.c.d,
 * how dual-stack sockets write IPv4 peers) and NAT64 (64:ff9b::a.b.c.d,
 * which a DNS64 resolver hands out for IPv4-only hosts). Either reaches the
 * IPv4 host, so it is judged as that host.
 */
export function embeddedIpv4(ip: Ip): Ip | null {
  if (ip.version !== 6) return null;
  const high = ip.value >> 32n;
  if (high === 0xffffn || high === 0x64ff9b0000000000000000n) return { version: 4, value: ip.value & 0xffffffffn };
  return null;
}

type Special = { range: Range; text: string; kind: string };
const special = (text: string, kind: string): Special => ({ range: parseRange(text)!, text, kind });

/** Ranges that are not the public internet, most specific first. */
const specials: Special[] = [
  special("0.0.0.0/8", "unspecified (this-network) address"),
  special("10.0.0.0/8", "private address"),
  special("100.64.0.0/10", "shared (carrier-grade NAT) address"),
  special("127.0.0.0/8", "loopback address"),
  special("169.254.0.0/16", "link-local address (cloud metadata lives here)"),
  special("172.16.0.0/12", "private address"),
  special("192.0.0.0/24", "reserved (IETF protocol) address"),
  special("192.0.2.0/24", "documentation address"),
  special("192.88.99.0/24", "reserved (6to4 relay) address"),
  special("192.168.0.0/16", "private address"),
  special("198.18.0.0/15", "reserved (benchmarking) address"),
  special("198.51.100.0/24", "documentation address"),
  special("203.0.113.0/24", "documentation address"),
  special("224.0.0.0/4", "multicast address"),
  special("255.255.255.255/32", "broadcast address"),
  special("240.0.0.0/4", "reserved address"),
  special("::/128", "unspecified address"),
  special("::1/128", "loopback address"),
  special("::/96", "reserved (IPv4-compatible) address"),
  special("64:ff9b:1::/48", "private (local NAT64) address"),
  special("100::/64", "reserved (discard) address"),
  special("2001:db8::/32", "documentation address"),
  special("2001::/23", "reserved (IETF protocol, Teredo) address"),
  special("2002::/16", "reserved (6to4) address"),
  special("3fff::/20", "documentation address"),
  special("fc00::/7", "private (unique local) address"),
  special("fe80::/10", "link-local address"),
  special("fec0::/10", "reserved (site-local) address"),
  special("ff00::/8", "multicast address"),
];
/** IPv6's global unicast space: everything outside it is not the public internet. */
const globalUnicast = parseRange("2000::/3")!;

export type Verdict = { public: true } | { public: false; kind: string; range: string };

/** Whether an address is on the public internet, and if not, which kind of range holds it. */
export function classifyIp(ip: Ip): Verdict {
  const v4 = embeddedIpv4(ip);
  if (v4) return classifyIp(v4);
  const hit = specials.find((s) => inRange(ip, s.range));
  if (hit) return { public: false, kind: hit.kind, range: hit.text };
  if (ip.version === 6 && !inRange(ip, globalUnicast)) return { public: false, kind: "reserved address", range: "outside 2000::/3" };
  return { public: true };
}

/**
 * A deployment's exceptions (ALLOW_PRIVATE_TARGETS): comma-separated
 * addresses, CIDR ranges and host names, e.g. `127.0.0.1,::1,10.1.2.0/24,hooks.internal`.
 * A listed range allows the addresses in it; a listed host name may resolve
 * to any address, since whoever listed it vouches for where it points.
 */
export type AllowList = { ranges: Range[]; hosts: Set<string>; text: string };

const hostName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Parses an allow list, throwing on the first entry that is none of the three. */
export function parseAllowList(text: string): AllowList {
  const list: AllowList = { ranges: [], hosts: new Set(), text };
  for (const entry of text.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)) {
    const range = parseRange(entry);
    const name = entry.replace(/\.$/, "");
    // A name ending in a number is no host name: a URL reads it as an IPv4 address.
    if (range) list.ranges.push(range);
    else if (hostName.test(name) && !/(^|\.)(\d+|0x[0-9a-f]*)$/.test(name)) list.hosts.add(name);
    else throw new Error(`"${entry}" is not an IP address, a CIDR range or a host name`);
  }
  return list;
}

/** Whether the allow list admits this address (an IPv4-mapped one as its IPv4 address too). */
export function allowsIp(list: AllowList, ip: Ip): boolean {
  const v4 = embeddedIpv4(ip);
  return list.ranges.some((r) => inRange(ip, r) || (v4 !== null && inRange(v4, r)));
}

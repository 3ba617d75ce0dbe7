import { describe, expect, test } from "vitest";
import { allowsIp, classifyIp, type Ip, parseAllowList, parseIp } from "./ip-ranges.ts";

const ip = (text: string): Ip => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`${text} did not parse`);
  return parsed;
};

describe("reading IP addresses", () => {
  test.each([
    ["127.0.0.1", 4, 0x7f000001n],
    ["255.255.255.255", 4, 0xffffffffn],
    ["::1", 6, 1n],
    ["[::1]", 6, 1n],
    ["::", 6, 0n],
    ["::ffff:127.0.0.1", 6, 0xffff7f000001n],
    ["::ffff:7f00:1", 6, 0xffff7f000001n],
    ["0:0:0:0:0:ffff:7f00:1", 6, 0xffff7f000001n],
    ["2001:DB8::8:800:200C:417A", 6, 0x20010db80000000000080800200c417an],
    ["fe80::", 6, 0xfe80n << 112n],
  ])("%s is IPv%i %s", (text, version, value) => {
    expect(parseIp(text)).toEqual({ version, value });
  });

  test.each(["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "::1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8",
    "12345::", "fe80::1%eth0", "g::1", "example.com", "2130706433"])("%j is not an address in canonical form", (text) => {
    expect(parseIp(text)).toBeNull();
  });
});

describe("which addresses are public", () => {
  test.each([
    ["0.0.0.0", "unspecified"], ["0.1.2.3", "unspecified"], ["10.0.0.5", "private"], ["100.64.0.1", "shared"],
    ["100.127.255.255", "shared"], ["127.0.0.1", "loopback"], ["127.255.0.9", "loopback"], ["169.254.169.254", "link-local"],
    ["172.16.0.1", "private"], ["172.31.255.255", "private"], ["192.0.0.8", "reserved"], ["192.0.2.1", "documentation"],
    ["192.88.99.1", "reserved"], ["192.168.1.1", "private"], ["198.18.0.1", "benchmarking"], ["198.51.100.7", "documentation"],
    ["203.0.113.9", "documentation"], ["224.0.0.251", "multicast"], ["239.255.255.250", "multicast"], ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["::", "unspecified"], ["::1", "loopback"], ["::ffff:127.0.0.1", "loopback"], ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:10.0.0.1", "private"], ["64:ff9b::10.0.0.1", "private"], ["64:ff9b:1::1", "NAT64"], ["::127.0.0.1", "IPv4-compatible"],
    ["100::1", "discard"], ["2001::1", "Teredo"], ["2001:db8::1", "documentation"], ["2002:c0a8:101::1", "6to4"],
    ["3fff::1", "documentation"], ["fc00::1", "unique local"], ["fd12:3456::1", "unique local"], ["fe80::1", "link-local"],
    ["febf::1", "link-local"], ["fec0::1", "site-local"], ["ff02::1", "multicast"], ["4000::1", "reserved"], ["1::", "reserved"],
  ])("%s is not public: a %s address", (text, kind) => {
    const verdict = classifyIp(ip(text));
    expect(verdict.public).toBe(false);
    expect(!verdict.public && verdict.kind).toContain(kind);
  });

  test.each(["1.1.1.1", "8.8.8.8", "54.239.28.85", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
    "192.0.1.255", "192.169.0.0", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001:82b::200e",
    "::ffff:8.8.8.8", "64:ff9b::8.8.8.8"])("%s is public", (text) => {
    expect(classifyIp(ip(text))).toEqual({ public: true });
  });
});

describe("a deployment's allow list", () => {
  const list = parseAllowList(" 127.0.0.1, ::1 ,10.1.2.0/24,Hooks.Internal.,fd00::/8");

  test("reads addresses, CIDR ranges and host names, in any case and spacing", () => {
    expect(list.ranges).toHaveLength(4);
    expect([...list.hosts]).toEqual(["hooks.internal"]);
  });

  test.each([["127.0.0.1", true], ["::1", true], ["::ffff:127.0.0.1", true], ["127.0.0.2", false], ["10.1.2.200", true],
    ["10.1.3.1", false], ["fd00::5", true], ["fe80::1", false]])("admits %s: %s", (text, admitted) => {
    expect(allowsIp(list, ip(text))).toBe(admitted);
  });

  test("an empty list admits nothing", () => {
    expect(allowsIp(parseAllowList(""), ip("127.0.0.1"))).toBe(false);
  });

  test.each(["10.0.0.0/33", "::1/129", "10.0.0.0/x", "http://10.0.0.1", "under_score.example", "1.2.3.4/8/8", "10.0.0", "0x7f.1"])("refuses the entry %j, naming it", (entry) => {
    expect(() => parseAllowList(`127.0.0.1,${entry}`)).toThrow(entry);
  });
});

/**
 * Which addresses outbound requests from tasks may reach. Loopback, private, link-local, unique-local
 * and other internal or reserved ranges are refused (an IPv6 address that carries an IPv4 one,
 * `::ffff:127.0.0.1`, is judged by that IPv4 address) unless an allow-list entry names the address,
 * its network or the host name the request asked for; a deny-list refuses more, and wins.
 *
 * Pure logic on strings: the caller resolves the host name once and asks about each address it got.
 */
import net from 'node:net';

/** Refused unless allowed: [network, prefix length, what it is]. */
const BLOCKED_V4: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, '"this network"'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignment'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const BLOCKED_V6: ReadonlyArray<readonly [string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  // Teredo tunnels to an IPv4 host whose address is stored obfuscated in the last 32 bits: the whole
  // prefix is refused rather than decoded (Teredo has no use for a task's outbound request).
  ['2001::', 32, 'Teredo'],
  ['2001:2::', 48, 'benchmarking'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** IPv6 ranges that carry an IPv4 address: [network, prefix length, name, offset of the IPv4 bytes]. */
const EMBEDDING_V6: ReadonlyArray<readonly [string, number, string, number]> = [
  ['::ffff:0:0', 96, 'IPv4-mapped', 12],
  ['::', 96, 'IPv4-compatible', 12],
  ['64:ff9b::', 96, 'NAT64', 12],
  ['2002::', 16, '6to4', 2],
];

/** The built-in deny-list, as the README shows it. */
export const BLOCKED_RANGES: readonly string[] = [
  ...BLOCKED_V4.map(([a, p, what]) => `${a}/${p} (${what})`),
  ...BLOCKED_V6.map(([a, p, what]) => `${a}/${p} (${what})`),
  ...EMBEDDING_V6.map(([a, p, name]) => `${a}/${p} (${name}: judged by the IPv4 address it carries)`),
];

interface Range {
  list: net.BlockList;
  text: string;
  what: string;
}

const range = (address: string, prefix: number, what: string, family: 'ipv4' | 'ipv6'): Range => {
  const list = new net.BlockList();
  list.addSubnet(address, prefix, family);
  return { list, text: `${address}/${prefix}`, what };
};

const V4_RANGES = BLOCKED_V4.map(([a, p, what]) => range(a, p, what, 'ipv4'));
const V6_RANGES = BLOCKED_V6.map(([a, p, what]) => range(a, p, what, 'ipv6'));

export class AddressRuleError extends Error {}

/** One allow- or deny-list entry. */
export type AddressRule =
  | { kind: 'network'; text: string; list: net.BlockList; port?: number }
  | { kind: 'host'; text: string; host: string; port?: number };

/** Why an address is refused; undefined when it may be reached. */
export interface Refusal {
  address: string;
  reason: string;
  /** True when the deny-list refused it (the allow-list cannot help). */
  denied: boolean;
}

/**
 * A host as a URL would read it: `127.1`, `2130706433`, `0x7f000001` and `0177.0.0.1` are all
 * `127.0.0.1`; `[::FFFF:127.0.0.1]` is `::ffff:7f00:1`; names are lower-cased without a trailing dot.
 * Throws on what no URL accepts as a host.
 */
export function canonicalHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const hostname = new URL(`http://${net.isIPv6(bare) ? `[${bare}]` : bare}/`).hostname;
  const unbracketed = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/** The 16 bytes of an IPv6 address (a zone `%eth0` is dropped), or undefined if it is not one. */
export function ipv6Bytes(address: string): Uint8Array | undefined {
  const text = address.split('%')[0]!;
  if (!net.isIPv6(text)) return undefined;
  let hex = text.toLowerCase();
  const lastColon = hex.lastIndexOf(':');
  const tail = hex.slice(lastColon + 1);
  if (tail.includes('.')) {
    const b = tail.split('.').map(Number);
    hex = `${hex.slice(0, lastColon + 1)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, rest] = hex.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), with the form's name. */
export function embeddedIpv4(address: string): { ipv4: string; form: string } | undefined {
  const bytes = ipv6Bytes(address);
  if (!bytes) return undefined;
  for (const [network, prefix, form, offset] of EMBEDDING_V6) {
    const base = ipv6Bytes(network)!;
    if (!samePrefix(bytes, base, prefix)) continue;
    const ipv4 = Array.from(bytes.subarray(offset, offset + 4)).join('.');
    return { ipv4, form };
  }
  return undefined;
}

function samePrefix(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> i % 8;
    if ((a[i >> 3]! & mask) !== (b[i >> 3]! & mask)) return false;
  }
  return true;
}

/** The built-in range an address falls in, if any: `{ range: '127.0.0.0/8', what: 'loopback' }`. */
export function blockedRange(address: string): { range: string; what: string } | undefined {
  const text = address.split('%')[0]!;
  const family = net.isIP(text);
  if (family === 4) {
    const hit = V4_RANGES.find((r) => r.list.check(text, 'ipv4'));
    return hit && { range: hit.text, what: hit.what };
  }
  if (family !== 6) return undefined;
  const hit = V6_RANGES.find((r) => r.list.check(text, 'ipv6'));
  if (hit) return { range: hit.text, what: hit.what };
  const embedded = embeddedIpv4(text);
  if (!embedded) return undefined;
  const inner = blockedRange(embedded.ipv4);
  return inner && { range: `${inner.range} as ${embedded.form}`, what: inner.what };
}

/**
 * Parses one list entry: `127.0.0.1`, `127.0.0.1:8080`, `::1`, `[::1]:8080`, `10.0.0.0/8`, `fd00::/8`,
 * `internal.example`, `internal.example:8443`. Throws AddressRuleError saying what is wrong.
 */
export function parseAddressRule(entry: string): AddressRule {
  const text = entry.trim();
  if (!text) throw new AddressRuleError('an entry is empty');
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const address = text.slice(0, slash);
    const family = net.isIP(address);
    const bits = text.slice(slash + 1);
    const prefix = Number(bits);
    if (family === 0) throw new AddressRuleError(`"${text}": a network is an IP address and a prefix length (10.0.0.0/8, fd00::/8)`);
    if (!/^\d{1,3}$/.test(bits) || prefix > (family === 4 ? 32 : 128)) throw new AddressRuleError(`"${text}": the prefix length must be 0-${family === 4 ? 32 : 128}`);
    const list = new net.BlockList();
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    return { kind: 'network', text, list };
  }
  let host = text;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2] !== undefined) port = parsePort(text, bracketed[2]);
    if (!net.isIPv6(host)) throw new AddressRuleError(`"${text}": [...] must hold an IPv6 address`);
  } else if (!net.isIPv6(text) && text.includes(':')) {
    const colon = text.lastIndexOf(':');
    host = text.slice(0, colon);
    port = parsePort(text, text.slice(colon + 1));
  }
  let canonical: string;
  try {
    canonical = canonicalHost(host);
  } catch {
    throw new AddressRuleError(`"${text}": not an address, a network or a host name`);
  }
  const family = net.isIP(canonical);
  if (family !== 0) {
    const list = new net.BlockList();
    list.addAddress(canonical, family === 4 ? 'ipv4' : 'ipv6');
    return { kind: 'network', text, list, ...(port !== undefined && { port }) };
  }
  return { kind: 'host', text, host: canonical, ...(port !== undefined && { port }) };
}

function parsePort(entry: string, text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) throw new AddressRuleError(`"${entry}": the port must be 1-65535`);
  return port;
}

export function parseAddressRules(entries: readonly string[]): AddressRule[] {
  return entries.map(parseAddressRule);
}

/** Whether a rule names this request: its host name, or the address it connects to (or the IPv4 one inside). */
function matches(rule: AddressRule, host: string, port: number, address: string): boolean {
  if (rule.port !== undefined && rule.port !== port) return false;
  if (rule.kind === 'host') return rule.host === host;
  const inner = embeddedIpv4(address)?.ipv4;
  return check(rule.list, address) || (inner !== undefined && check(rule.list, inner));
}

function check(list: net.BlockList, address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class AddressPolicy {
  readonly #allow: AddressRule[];
  readonly #deny: AddressRule[];

  constructor(lists: { allow?: readonly string[]; deny?: readonly string[] } = {}) {
    this.#allow = parseAddressRules(lists.allow ?? []);
    this.#deny = parseAddressRules(lists.deny ?? []);
  }

  /**
   * Whether a request for `host` (as its URL names it) on `port` may connect to `address` (one the
   * host resolved to, or the host itself when it is an address). Undefined when it may.
   */
  check(target: { host: string; port: number; address: string }): Refusal | undefined {
    const host = canonicalHost(target.host);
    const address = target.address.split('%')[0]!.toLowerCase();
    const denied = this.#deny.find((rule) => matches(rule, host, target.port, address));
    if (denied) return { address, reason: `${address} is on the deny-list (${denied.text})`, denied: true };
    const blocked = blockedRange(address);
    if (!blocked) return undefined;
    if (this.#allow.some((rule) => matches(rule, host, target.port, address))) return undefined;
    return { address, reason: `${address} is a ${blocked.what} address (${blocked.range})`, denied: false };
  }
}

/**
 * The address policy of outbound requests from tasks, as a table: which targets the built-in
 * deny-list refuses (every numeric spelling of loopback, IPv4 inside IPv6, private, link-local,
 * unique-local, shared ranges), that public ones pass, and how allow- and deny-list entries change that.
 */
import { describe, expect, test } from 'vitest';
import { AddressPolicy, AddressRuleError, blockedRange, canonicalHost, embeddedIpv4, parseAddressRule } from '../../src/tasks/network/address-policy.js';

/** A request for `host` on port 80, connecting to the host itself when it is an address. */
const refusalOf = (policy: AddressPolicy, host: string, address = canonicalHost(host), port = 80) => policy.check({ host, port, address });

describe('host spellings read as a URL reads them', () => {
  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
    ['LocalHost.', 'localhost'],
    ['Internal.Example', 'internal.example'],
  ])('%s is %s', (host, canonical) => {
    expect(canonicalHost(host)).toBe(canonical);
  });
});

describe('the built-in deny-list', () => {
  const policy = new AddressPolicy();
  test.each([
    ['127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['127.1', 'loopback', '127.0.0.0/8'],
    ['2130706433', 'loopback', '127.0.0.0/8'],
    ['0x7f000001', 'loopback', '127.0.0.0/8'],
    ['0177.0.0.1', 'loopback', '127.0.0.0/8'],
    ['127.255.255.254', 'loopback', '127.0.0.0/8'],
    ['0.0.0.0', '"this network"', '0.0.0.0/8'],
    ['0', '"this network"', '0.0.0.0/8'],
    ['::1', 'loopback', '::1/128'],
    ['[::1]', 'loopback', '::1/128'],
    ['::', 'unspecified', '::/128'],
    ['::ffff:127.0.0.1', 'loopback', '127.0.0.0/8 as IPv4-mapped'],
    ['[::ffff:7f00:1]', 'loopback', '127.0.0.0/8 as IPv4-mapped'],
    ['::ffff:10.1.2.3', 'private', '10.0.0.0/8 as IPv4-mapped'],
    ['::127.0.0.1', 'loopback', '127.0.0.0/8 as IPv4-compatible'],
    ['64:ff9b::a9fe:a9fe', 'link-local', '169.254.0.0/16 as NAT64'],
    ['2002:7f00:1::', 'loopback', '127.0.0.0/8 as 6to4'],
    // Teredo carrying 127.0.0.1 (client address XOR 0xffffffff in the last 32 bits).
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo', '2001::/32'],
    ['2001:2::1', 'benchmarking', '2001:2::/48'],
    ['fe80::1', 'link-local', 'fe80::/10'],
    ['febf:ffff::1', 'link-local', 'fe80::/10'],
    ['fc00::1', 'unique-local', 'fc00::/7'],
    ['fd12:3456::1', 'unique-local', 'fc00::/7'],
    ['fec0::1', 'site-local', 'fec0::/10'],
    ['ff02::1', 'multicast', 'ff00::/8'],
    ['10.0.0.1', 'private', '10.0.0.0/8'],
    ['10.255.255.255', 'private', '10.0.0.0/8'],
    ['172.16.0.1', 'private', '172.16.0.0/12'],
    ['172.31.255.255', 'private', '172.16.0.0/12'],
    ['192.168.1.1', 'private', '192.168.0.0/16'],
    ['169.254.169.254', 'link-local', '169.254.0.0/16'],
    ['100.64.0.1', 'shared (carrier-grade NAT)', '100.64.0.0/10'],
    ['100.127.255.255', 'shared (carrier-grade NAT)', '100.64.0.0/10'],
    ['224.0.0.1', 'multicast', '224.0.0.0/4'],
    ['255.255.255.255', 'reserved', '240.0.0.0/4'],
  ])('%s is refused as %s (%s)', (host, what, range) => {
    const refusal = refusalOf(policy, host);
    expect(refusal).toBeDefined();
    expect(refusal!.reason).toBe(`${refusal!.address} is a ${what} address (${range})`);
    expect(refusal!.denied).toBe(false);
  });

  test.each([
    '1.1.1.1',
    '8.8.8.8',
    '93.184.215.14',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '11.0.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    'fbff::1',
    'fe7f::1',
  ])('%s, a public address, is allowed', (host) => {
    expect(refusalOf(policy, host)).toBeUndefined();
    expect(blockedRange(canonicalHost(host))).toBeUndefined();
  });

  test('a public host name is judged by the address it resolved to', () => {
    expect(policy.check({ host: 'example.com', port: 443, address: '93.184.215.14' })).toBeUndefined();
    expect(policy.check({ host: 'rebound.example', port: 443, address: '127.0.0.1' })?.reason).toBe('127.0.0.1 is a loopback address (127.0.0.0/8)');
    expect(policy.check({ host: 'localhost', port: 80, address: '::1' })?.reason).toBe('::1 is a loopback address (::1/128)');
  });

  test('IPv4 inside IPv6 is read from each embedding form', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toEqual({ ipv4: '127.0.0.1', form: 'IPv4-mapped' });
    expect(embeddedIpv4('::ffff:192.168.0.1')).toEqual({ ipv4: '192.168.0.1', form: 'IPv4-mapped' });
    expect(embeddedIpv4('64:ff9b::808:808')).toEqual({ ipv4: '8.8.8.8', form: 'NAT64' });
    expect(embeddedIpv4('2002:c0a8:101::1')).toEqual({ ipv4: '192.168.1.1', form: '6to4' });
    expect(embeddedIpv4('2001:db8::1')).toBeUndefined();
    expect(embeddedIpv4('127.0.0.1')).toBeUndefined();
  });
});

describe('the allow-list', () => {
  test.each([
    // [entry, host, address, port, allowed]
    ['127.0.0.1', '127.0.0.1', '127.0.0.1', 80, true],
    ['127.0.0.1', '2130706433', '127.0.0.1', 80, true],
    ['127.0.0.1', '127.0.0.2', '127.0.0.2', 80, false],
    ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:127.0.0.1', 80, true],
    ['127.0.0.1:8080', '127.0.0.1', '127.0.0.1', 8080, true],
    ['127.0.0.1:8080', '127.0.0.1', '127.0.0.1', 8081, false],
    ['10.0.0.0/8', '10.20.30.40', '10.20.30.40', 443, true],
    ['10.0.0.0/8', '192.168.0.1', '192.168.0.1', 443, false],
    ['10.0.0.0/8', '::ffff:10.0.0.1', '::ffff:10.0.0.1', 443, true],
    ['::1', '::1', '::1', 80, true],
    ['[::1]:8080', '::1', '::1', 8080, true],
    ['[::1]:8080', '::1', '::1', 80, false],
    ['fd00::/8', 'fd00::5', 'fd00::5', 80, true],
    ['fd00::/8', 'fc00::5', 'fc00::5', 80, false],
    ['internal.example', 'internal.example', '10.1.1.1', 80, true],
    ['internal.example', 'INTERNAL.example.', '10.1.1.1', 80, true],
    ['internal.example', 'other.example', '10.1.1.1', 80, false],
    ['internal.example:8443', 'internal.example', '10.1.1.1', 8443, true],
    ['internal.example:8443', 'internal.example', '10.1.1.1', 443, false],
    ['localhost', 'localhost', '127.0.0.1', 80, true],
    ['localhost', '127.0.0.1', '127.0.0.1', 80, false],
  ] as const)('%s: %s (%s) on port %i allowed: %s', (entry, host, address, port, allowed) => {
    const policy = new AddressPolicy({ allow: [entry] });
    expect(policy.check({ host, port, address }) === undefined).toBe(allowed);
  });

  test('a refusal still names the address and its range when the allow-list does not cover it', () => {
    const policy = new AddressPolicy({ allow: ['10.0.0.0/8'] });
    expect(refusalOf(policy, '192.168.0.1')?.reason).toBe('192.168.0.1 is a private address (192.168.0.0/16)');
  });
});

describe('the deny-list', () => {
  test('refuses public targets it names, by address, network, host or port', () => {
    const policy = new AddressPolicy({ deny: ['8.8.8.8', '1.1.0.0/16', 'tracker.example', 'api.example:8080'] });
    expect(refusalOf(policy, '8.8.8.8')).toEqual({ address: '8.8.8.8', reason: '8.8.8.8 is on the deny-list (8.8.8.8)', denied: true });
    expect(refusalOf(policy, '1.1.1.1')?.reason).toBe('1.1.1.1 is on the deny-list (1.1.0.0/16)');
    expect(policy.check({ host: 'tracker.example', port: 443, address: '93.184.215.14' })?.denied).toBe(true);
    expect(policy.check({ host: 'api.example', port: 8080, address: '93.184.215.14' })?.denied).toBe(true);
    expect(policy.check({ host: 'api.example', port: 443, address: '93.184.215.14' })).toBeUndefined();
    expect(refusalOf(policy, '9.9.9.9')).toBeUndefined();
  });

  test('wins over the allow-list', () => {
    const policy = new AddressPolicy({ allow: ['10.0.0.0/8'], deny: ['10.0.0.5'] });
    expect(refusalOf(policy, '10.0.0.4')).toBeUndefined();
    expect(refusalOf(policy, '10.0.0.5')?.denied).toBe(true);
  });
});

describe('list entries', () => {
  test.each([
    ['127.0.0.1', { kind: 'network' }],
    ['127.0.0.1:8080', { kind: 'network', port: 8080 }],
    ['[::1]:8080', { kind: 'network', port: 8080 }],
    ['fe80::/10', { kind: 'network' }],
    ['internal.example', { kind: 'host', host: 'internal.example' }],
    [' Internal.Example:8443 ', { kind: 'host', host: 'internal.example', port: 8443 }],
  ])('%s parses', (entry, shape) => {
    expect(parseAddressRule(entry)).toMatchObject(shape);
  });

  test.each([
    ['', 'an entry is empty'],
    ['10.0.0.0/33', '"10.0.0.0/33": the prefix length must be 0-32'],
    ['fd00::/129', '"fd00::/129": the prefix length must be 0-128'],
    ['10.0.0.0/x', '"10.0.0.0/x": the prefix length must be 0-32'],
    ['internal.example/8', '"internal.example/8": a network is an IP address and a prefix length (10.0.0.0/8, fd00::/8)'],
    ['127.0.0.1:0', '"127.0.0.1:0": the port must be 1-65535'],
    ['127.0.0.1:99999', '"127.0.0.1:99999": the port must be 1-65535'],
    ['host:http', '"host:http": the port must be 1-65535'],
    ['[internal.example]:80', '"[internal.example]:80": [...] must hold an IPv6 address'],
    ['bad host', '"bad host": not an address, a network or a host name'],
  ])('%j is refused: %s', (entry, message) => {
    expect(() => parseAddressRule(entry)).toThrow(AddressRuleError);
    expect(() => parseAddressRule(entry)).toThrow(message);
  });
});

// Expected values are worked out by hand (binary arithmetic on the octets, as ipcalc would print
// them) and noted beside each case; none is copied from the code's output.
import { describe, expect, it } from 'vitest';
import {
  allocateSubnet,
  compareIpv4,
  contains,
  familyOf,
  formatPrefix4,
  intToIpv4,
  ipv4ToInt,
  isCidr,
  isIp,
  isIpv4,
  isIpv6,
  longestPrefixMatch,
  maskOf,
  networkOf,
  nthAddress,
  nthSubnet,
  overlaps,
  parsePrefix4,
  pointToPointHosts,
  prefixLength,
  tryParsePrefix4,
} from './addressing';

describe('parsing', () => {
  it('tells addresses from prefixes and families apart', () => {
    expect(isIpv4('10.0.0.1')).toBe(true);
    expect(isIpv4('10.0.0.1/24')).toBe(false);
    expect(isIpv4('256.0.0.1')).toBe(false);
    expect(isIpv4('1.2.3')).toBe(false);
    expect(isIpv4('fd00::1')).toBe(false);
    expect(isIpv6('fd00::1')).toBe(true);
    expect(isIpv6('fd00::1/64')).toBe(false);
    expect(isIp('::')).toBe(true);
    expect(familyOf('10.0.0.1/24')).toBe(4);
    expect(familyOf('fd00::/64')).toBe(6);
    expect(familyOf('tor0')).toBeUndefined();
  });

  it('accepts CIDRs only with a prefix length valid for their family', () => {
    expect(isCidr('10.0.0.1/24')).toBe(true);
    expect(isCidr('0.0.0.0/0')).toBe(true);
    expect(isCidr('10.0.0.1/32')).toBe(true);
    expect(isCidr('10.0.0.1/33')).toBe(false);
    expect(isCidr('10.0.0.1/')).toBe(false);
    expect(isCidr('10.0.0.1')).toBe(false);
    expect(isCidr('fd00::/128')).toBe(true);
    expect(isCidr('fd00::/129')).toBe(false);
    expect(isCidr('10.0.0.1/-1')).toBe(false);
  });

  it('converts dotted quads to uint32 and back', () => {
    expect(ipv4ToInt('10.0.0.1')).toBe(167772161); // 10·2^24 + 1
    expect(ipv4ToInt('1.2.3.4')).toBe(16909060); // 0x01020304
    expect(ipv4ToInt('255.255.255.255')).toBe(4294967295);
    expect(intToIpv4(4294967295)).toBe('255.255.255.255');
    expect(intToIpv4(3232235777)).toBe('192.168.1.1'); // 0xC0A80101
    expect(() => ipv4ToInt('1.2.3.256')).toThrow();
    expect(() => ipv4ToInt('1.2.3')).toThrow();
  });

  it('builds masks for /0, /1, /24 and /32', () => {
    expect(maskOf(0)).toBe(0);
    expect(maskOf(1)).toBe(0x80000000);
    expect(maskOf(24)).toBe(0xffffff00);
    expect(maskOf(32)).toBe(0xffffffff);
  });

  it('parses prefixes, clearing host bits, and rejects bad lengths', () => {
    expect(parsePrefix4('10.0.1.5/24')).toEqual({ addr: ipv4ToInt('10.0.1.0'), len: 24 });
    expect(parsePrefix4('10.0.0.7')).toEqual({ addr: ipv4ToInt('10.0.0.7'), len: 32 });
    expect(parsePrefix4('203.0.113.77/0')).toEqual({ addr: 0, len: 0 });
    expect(() => parsePrefix4('10.0.0.0/33')).toThrow();
    expect(() => parsePrefix4('10.0.0.0/1.5')).toThrow();
    expect(() => parsePrefix4('10.0.0.0/')).toThrow();
    expect(tryParsePrefix4('nonsense')).toBeUndefined();
    expect(formatPrefix4({ addr: ipv4ToInt('172.16.0.0'), len: 12 })).toBe('172.16.0.0/12');
  });

  it('gives network form and prefix length', () => {
    expect(networkOf('10.0.1.5/24')).toBe('10.0.1.0/24');
    // .255 = 1111 1111; a /31 keeps the top 7 bits of the last octet → .254.
    expect(networkOf('192.168.1.255/31')).toBe('192.168.1.254/31');
    expect(networkOf('10.1.2.3/0')).toBe('0.0.0.0/0');
    expect(networkOf('fd00::1/64')).toBe('fd00::/64');
    expect(prefixLength('10.0.0.1')).toBe(32);
    expect(prefixLength('fd00::1')).toBe(128);
    expect(prefixLength('10.0.0.0/8')).toBe(8);
  });
});

describe('containment and overlap', () => {
  it('contains addresses and narrower prefixes, never across families', () => {
    expect(contains('0.0.0.0/0', '1.2.3.4')).toBe(true);
    expect(contains('10.0.0.0/8', '10.255.255.255')).toBe(true);
    expect(contains('10.0.0.0/8', '11.0.0.0')).toBe(false);
    expect(contains('10.0.0.0/24', '10.0.0.0/16')).toBe(false);
    expect(contains('10.0.0.0/24', '10.0.0.0/24')).toBe(true);
    expect(contains('10.0.0.0/24', 'fd00::1')).toBe(false);
    expect(contains('fd00::/64', 'fd00::1:2')).toBe(true);
    expect(contains('fd00::/64', 'fd00:0:0:1::1')).toBe(false);
  });

  it('overlaps when either contains the other', () => {
    expect(overlaps('10.0.0.0/23', '10.0.1.0/24')).toBe(true); // /23 = .0.0–.1.255
    expect(overlaps('10.0.1.0/24', '10.0.0.0/23')).toBe(true);
    expect(overlaps('10.0.0.0/24', '10.0.1.0/24')).toBe(false);
    expect(overlaps('10.0.0.0/31', '10.0.0.1/32')).toBe(true); // /31 = .0 and .1
    expect(overlaps('10.0.0.2/31', '10.0.0.1/32')).toBe(false);
  });
});

describe('longest-prefix match', () => {
  const routes = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.0.0/16', '10.1.2.0/24'].map(
    (p, i) => ({ i, p: parsePrefix4(p) }),
  );
  const lpm = (a: string) => longestPrefixMatch(routes, (r) => r.p, ipv4ToInt(a)).map((r) => r.i);

  it('picks the most specific route', () => {
    expect(lpm('10.1.2.9')).toEqual([4]);
    expect(lpm('10.9.9.9')).toEqual([1]);
    expect(lpm('192.168.1.1')).toEqual([0]);
  });

  it('returns every route that ties on length, in order', () => {
    expect(lpm('10.1.3.4')).toEqual([2, 3]);
  });

  it('returns nothing when nothing matches', () => {
    expect(longestPrefixMatch(routes.slice(1), (r) => r.p, ipv4ToInt('192.0.2.1'))).toEqual([]);
  });
});

describe('allocation', () => {
  it('finds the n-th subnet of a pool', () => {
    expect(nthSubnet('10.1.0.0/16', 24, 3)).toBe('10.1.3.0/24');
    expect(nthSubnet('10.1.0.0/16', 24, 255)).toBe('10.1.255.0/24');
    expect(nthSubnet('10.1.0.0/16', 24, 256)).toBeUndefined(); // a /16 holds 256 /24s
    expect(nthSubnet('10.1.0.0/16', 8, 0)).toBeUndefined(); // wider than the pool
    expect(nthSubnet('10.0.0.0/24', 31, 5)).toBe('10.0.0.10/31'); // 5·2
    expect(nthSubnet('0.0.0.0/0', 1, 1)).toBe('128.0.0.0/1');
    expect(nthSubnet('0.0.0.0/0', 32, 4294967295)).toBe('255.255.255.255/32');
  });

  it('finds the n-th address of a prefix', () => {
    expect(nthAddress('10.0.0.0/30', 3)).toBe('10.0.0.3');
    expect(nthAddress('10.0.0.0/30', 4)).toBeUndefined();
    expect(nthAddress('10.0.0.5/32', 0)).toBe('10.0.0.5');
    expect(nthAddress('10.0.0.0/24', -1)).toBeUndefined();
  });

  it('allocates the first free subnet, skipping any overlap with used ones', () => {
    // .0/31 is taken; .2/31 holds the used .2/32; so the next free /31 is .4/31.
    expect(allocateSubnet('10.0.0.0/24', 31, ['10.0.0.0/31', '10.0.0.2/32'])).toBe('10.0.0.4/31');
    // A used supernet blocks every /31 in it: .0/25 covers .0–.127.
    expect(allocateSubnet('10.0.0.0/24', 31, ['10.0.0.0/25', 'fd00::/8'])).toBe('10.0.0.128/31');
    expect(allocateSubnet('10.0.0.0/24', 32, ['10.0.0.0/32', '10.0.0.1/32'])).toBe('10.0.0.2/32');
    expect(allocateSubnet('10.0.0.0/30', 31, ['10.0.0.0/30'])).toBeUndefined();
    expect(allocateSubnet('10.0.0.0/24', 30, [])).toBe('10.0.0.0/30');
  });

  it('gives the two ends of a point-to-point subnet', () => {
    // RFC 3021: both addresses of a /31 are hosts; a /30 loses network and broadcast.
    expect(pointToPointHosts('10.0.0.4/31')).toEqual(['10.0.0.4/31', '10.0.0.5/31']);
    expect(pointToPointHosts('10.0.0.4/30')).toEqual(['10.0.0.5/30', '10.0.0.6/30']);
  });

  it('compares addresses numerically, not as text', () => {
    expect(compareIpv4('10.0.0.2', '10.0.0.10')).toBeLessThan(0);
    expect(compareIpv4('10.0.0.10', '9.255.255.255')).toBeGreaterThan(0);
    expect(compareIpv4('10.0.0.1', '10.0.0.1')).toBe(0);
  });
});

/** Trace targets: an address, or a device name (its first loopback, else its first address). */
import type { Lab } from '../../src/model';
import { findDevice, hostOf, ipv4Addresses, nodePods } from '../../src/model';

export function traceTarget(lab: Lab, to: string): string {
  const [name, pod] = to.split('/');
  const d = findDevice(lab, name as string);
  if (!d) return to;
  if (pod !== undefined && d.kind === 'k8s-node') {
    const p = nodePods(lab, d).find((x) => x.name === pod);
    if (p) return p.address;
  }
  const lo = d.interfaces.find((i) => i.loopback && i.addresses.length > 0)?.addresses[0];
  const any = lo ?? ipv4Addresses(d)[0];
  return any ? hostOf(any) : to;
}

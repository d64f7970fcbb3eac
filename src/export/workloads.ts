/**
 * Test workloads: a nettool DaemonSet on every node (as the write-ups use for pod-to-pod
 * checks) and the lab's Services, selecting it. LoadBalancer services are pinned to the
 * address routelab predicts so the real lab announces the same /32.
 */
import type { Cluster } from '../model';
import type { Manifest } from './cilium';
import { serviceIp } from './cilium';
import { sanitizeDnsName, validIpv4 } from './names';

export const NETTOOL_LABEL = { app: 'routelab-nettool' };

export function buildWorkloads(c: Cluster, netshootImage: string): Manifest[] {
  const out: Manifest[] = [];
  const namespaces = [
    ...new Set(c.services.map((s) => sanitizeDnsName(s.namespace ?? 'default', 60, 'default'))),
  ].filter((n) => n !== 'default');
  for (const ns of namespaces)
    out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  // One DaemonSet per namespace with services, so every service has endpoints on every node.
  for (const namespace of ['default', ...namespaces])
    out.push({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'nettool', namespace, labels: NETTOOL_LABEL },
      spec: {
        selector: { matchLabels: NETTOOL_LABEL },
        template: {
          metadata: { labels: NETTOOL_LABEL },
          spec: {
            tolerations: [{ operator: 'Exists' }],
            containers: [
              {
                name: 'nettool',
                image: netshootImage,
                command: ['sleep', 'infinity'],
                ports: [{ containerPort: 80 }],
              },
            ],
          },
        },
      },
    });
  for (const s of c.services) {
    const ip = s.type === 'LoadBalancer' ? serviceIp(c, s.name) : undefined;
    const pin =
      ip && c.cni === 'cilium' && c.cilium?.bgpApi !== 'legacy-metallb'
        ? { annotations: { 'io.cilium/lb-ipam-ips': ip } }
        : {};
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: sanitizeDnsName(s.name, 60, 'svc'),
        namespace: sanitizeDnsName(s.namespace ?? 'default', 60, 'default'),
        ...pin,
      },
      spec: {
        type: s.type,
        selector: NETTOOL_LABEL,
        ports: [{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }],
        ...(ip && !('annotations' in pin) ? { loadBalancerIP: ip } : {}),
        ...(s.type === 'ClusterIP' && s.ip && validIpv4(s.ip) ? { clusterIP: s.ip } : {}),
        ...(s.nodes ? { externalTrafficPolicy: 'Local' } : {}),
      },
    });
  }
  return out;
}

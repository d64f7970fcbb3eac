/**
 * The inspector form of a Kubernetes cluster: CNI, Cilium version and BGP API, pod and service
 * CIDRs, Calico AS and mesh, the BGP policies/peers (CniPeerForms.tsx), LoadBalancer pools and
 * services. Every control is one operation of
 * store/clusterOps.ts (validated as typed, one undo step).
 */
import type { Cluster, Lab } from '../../model/types';
import { clusterNodes } from '../../model/k8s';
import {
  addLbPool,
  addService,
  removeLbPool,
  removeService,
  setClusterChoice,
  setClusterCni,
  setClusterField,
  setLbPool,
  setService,
} from '../store/clusterOps';
import type { ClusterChoice } from '../store/clusterOps';
import { select, useUi } from '../store/uiStore';
import { CalicoPeers, CiliumPolicies } from './CniPeerForms';
import { OpField, OpInput, RowErrors, applyOrToast, useRowErrors } from './Field';

function Choice<T extends string>(props: {
  label: string;
  value: T;
  options: [T, string][];
  onChange: (v: T) => void;
  testid?: string;
}) {
  return (
    <div className="field">
      <label>{props.label}</label>
      <select
        aria-label={props.label}
        data-testid={props.testid}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

const choose = (name: string, c: ClusterChoice) =>
  applyOrToast((l) => setClusterChoice(l, name, c));

function Cilium({ c }: { c: Cluster }) {
  const cilium = c.cilium;
  if (!cilium) return null;
  return (
    <>
      <div className="section-title">Cilium</div>
      <OpField
        label="version"
        value={cilium.version}
        mono
        testid="cluster-cilium-version"
        op={(l, v) => setClusterField(l, c.name, 'ciliumVersion', v)}
      />
      <Choice
        label="BGP API"
        testid="cluster-bgp-api"
        value={cilium.bgpApi}
        options={[
          ['none', 'none (no BGP)'],
          ['legacy-metallb', 'legacy MetalLB'],
          ['peering-policy', 'PeeringPolicy v1'],
          ['bgpv2', 'BGPv2 (1.16+)'],
        ]}
        onChange={(v) => choose(c.name, { field: 'bgpApi', value: v })}
      />
      <Choice
        label="routing"
        value={cilium.routingMode}
        options={[
          ['native', 'native'],
          ['tunnel', 'tunnel (VXLAN)'],
        ]}
        onChange={(v) => choose(c.name, { field: 'routingMode', value: v })}
      />
      <Choice
        label="IPAM"
        value={cilium.ipamMode}
        options={[
          ['kubernetes', 'kubernetes'],
          ['cluster-pool', 'cluster-pool'],
        ]}
        onChange={(v) => choose(c.name, { field: 'ipamMode', value: v })}
      />
      <div className="flags">
        <label title="autoDirectNodeRoutes: routes to other nodes' pod CIDRs on a shared L2">
          <input
            type="checkbox"
            checked={cilium.autoDirectNodeRoutes}
            onChange={(e) =>
              choose(c.name, { field: 'autoDirectNodeRoutes', value: e.target.checked })
            }
          />
          autoDirectNodeRoutes
        </label>
        <label title="kubeProxyReplacement">
          <input
            type="checkbox"
            checked={cilium.kubeProxyReplacement}
            onChange={(e) =>
              choose(c.name, { field: 'kubeProxyReplacement', value: e.target.checked })
            }
          />
          kube-proxy replacement
        </label>
      </div>
      <CiliumPolicies c={c} />
    </>
  );
}

function Calico({ c }: { c: Cluster }) {
  const calico = c.calico;
  if (!calico) return null;
  return (
    <>
      <div className="section-title">Calico</div>
      <OpField
        label="AS"
        value={String(calico.asn)}
        mono
        testid="cluster-calico-asn"
        title="The nodes' AS (BGPConfiguration asNumber); routers peering the nodes follow"
        op={(l, v) => setClusterField(l, c.name, 'calicoAsn', v)}
      />
      <OpField
        label="block size"
        value={String(calico.blockSize)}
        mono
        testid="cluster-block-size"
        op={(l, v) => setClusterField(l, c.name, 'calicoBlockSize', v)}
      />
      <Choice
        label="advertise"
        value={calico.advertise}
        options={[
          ['blocks', 'IPAM blocks'],
          ['pods', 'each pod /32'],
        ]}
        onChange={(v) => choose(c.name, { field: 'advertise', value: v })}
      />
      <OpField
        label="service IPs"
        value={calico.serviceClusterIps.join(' ')}
        placeholder="serviceClusterIPs"
        mono
        op={(l, v) => setClusterField(l, c.name, 'serviceClusterIps', v)}
      />
      <div className="flags">
        <label title="nodeToNodeMeshEnabled: every node peers iBGP with every other node">
          <input
            type="checkbox"
            data-testid="cluster-mesh"
            checked={calico.nodeToNodeMesh}
            onChange={(e) => choose(c.name, { field: 'nodeToNodeMesh', value: e.target.checked })}
          />
          node-to-node mesh
        </label>
      </div>
      <CalicoPeers c={c} />
    </>
  );
}

function PoolRow({ c, i }: { c: Cluster; i: number }) {
  const p = c.loadBalancerPools[i];
  const [errors, report] = useRowErrors();
  if (!p) return null;
  return (
    <div data-testid="lb-pool">
      <div className="lb-row">
        <OpInput
          label="pool name"
          value={p.name}
          onError={report}
          op={(l, v) => setLbPool(l, c.name, i, 'name', v)}
        />
        <OpInput
          label="pool CIDR"
          value={p.cidr}
          testid={`lb-pool-${i}-cidr`}
          onError={report}
          op={(l, v) => setLbPool(l, c.name, i, 'cidr', v)}
        />
        <button
          className="danger icon"
          aria-label={`Remove pool ${p.name}`}
          onClick={() => applyOrToast((l) => removeLbPool(l, c.name, i))}
        >
          ×
        </button>
      </div>
      <RowErrors errors={errors} />
    </div>
  );
}

function ServiceRow({ c, i }: { c: Cluster; i: number }) {
  const s = c.services[i];
  const [errors, report] = useRowErrors();
  if (!s) return null;
  return (
    <div>
      <div className="svc-row">
        <OpInput
          label="service name"
          value={s.name}
          onError={report}
          op={(l, v) => setService(l, c.name, i, 'name', v)}
        />
        <select
          aria-label="Service type"
          value={s.type}
          onChange={(e) => applyOrToast((l) => setService(l, c.name, i, 'type', e.target.value))}
        >
          <option>LoadBalancer</option>
          <option>ClusterIP</option>
        </select>
        <OpInput
          label="service IP"
          value={s.ip ?? ''}
          placeholder="from pool"
          onError={report}
          op={(l, v) => setService(l, c.name, i, 'ip', v)}
        />
        <button
          className="danger icon"
          aria-label={`Remove service ${s.name}`}
          onClick={() => applyOrToast((l) => removeService(l, c.name, i))}
        >
          ×
        </button>
      </div>
      <RowErrors errors={errors} />
    </div>
  );
}

function Pools({ c }: { c: Cluster }) {
  return (
    <>
      <div className="section-title">LoadBalancer pools</div>
      {c.loadBalancerPools.map((p, i) => (
        <PoolRow key={`${p.name}-${i}`} c={c} i={i} />
      ))}
      <button data-testid="lb-pool-add" onClick={() => applyOrToast((l) => addLbPool(l, c.name))}>
        + pool
      </button>
      <div className="section-title">Services</div>
      {c.services.map((s, i) => (
        <ServiceRow key={`${s.name}-${i}`} c={c} i={i} />
      ))}
      <button onClick={() => applyOrToast((l) => addService(l, c.name))}>+ service</button>
    </>
  );
}

export function ClusterInspector({ lab, cluster }: { lab: Lab; cluster: Cluster }) {
  const c = cluster;
  const nodes = clusterNodes(lab, c.name);
  return (
    <div data-testid="inspector-cluster">
      <h2>
        Cluster {c.name}
        <span className="chip">{c.cni}</span>
        <button
          className="icon"
          style={{ marginLeft: 'auto' }}
          aria-label="Close cluster"
          onClick={() => useUi.setState({ inspectCluster: undefined, inspectPath: undefined })}
        >
          ×
        </button>
      </h2>
      <Choice
        label="CNI"
        testid="cluster-cni"
        value={c.cni}
        options={[
          ['cilium', 'Cilium (GoBGP)'],
          ['calico', 'Calico (BIRD)'],
        ]}
        onChange={(v) => applyOrToast((l) => setClusterCni(l, c.name, v))}
      />
      <OpField
        label="pod CIDR"
        value={c.podCidr}
        mono
        testid="cluster-pod-cidr"
        op={(l, v) => setClusterField(l, c.name, 'podCidr', v)}
      />
      {c.cni === 'cilium' && (
        <OpField
          label="per-node mask"
          value={String(c.podCidrMaskSize)}
          mono
          testid="cluster-mask-size"
          title="clusterPoolIPv4MaskSize / node-cidr-mask-size"
          op={(l, v) => setClusterField(l, c.name, 'podCidrMaskSize', v)}
        />
      )}
      <OpField
        label="service CIDR"
        value={c.serviceCidr}
        mono
        testid="cluster-service-cidr"
        op={(l, v) => setClusterField(l, c.name, 'serviceCidr', v)}
      />
      {c.cni === 'cilium' ? <Cilium c={c} /> : <Calico c={c} />}
      <Pools c={c} />
      <div className="section-title">Nodes ({nodes.length})</div>
      <div className="row">
        {nodes.map((n) => (
          <button key={n.name} className="chip" onClick={() => select([n.name])}>
            {n.name}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * The cluster's BGP peerings in the inspector: Cilium BGP policies (node selector, local AS,
 * neighbours, advertisements) and Calico BGPPeers. Every control is one operation of
 * store/cniPeerOps.ts: text validates as you type and is applied on Enter or blur, checkboxes at
 * once; each is one undo step. A Problems jump to a policy, neighbour or peer flashes its row.
 */
import { useState } from 'react';
import type { CalicoBgpPeer, CiliumBgpPolicy, Cluster, Lab } from '../../model/types';
import {
  addCalicoPeer,
  addCiliumNeighbor,
  addCiliumPolicy,
  formatSelector,
  removeCalicoPeer,
  removeCiliumNeighbor,
  removeCiliumPolicy,
  selectedNodes,
  setCalicoPeer,
  setCiliumNeighbor,
  setCiliumPolicy,
  setCiliumPolicyFlag,
} from '../store/cniPeerOps';
import { useLab } from '../store/labStore';
import { OpError } from '../store/ops';
import { OpField, OpInput, RowErrors, applyOrToast, useRowErrors } from './Field';
import { useJumpTarget } from './jump';
import { AddNamed } from './PolicyForms';

/** peer · AS · multihop · remove */
const NEIGHBOR_GRID = { gridTemplateColumns: 'minmax(0, 1.5fr) minmax(0, 1fr) 36px 22px' };
const ELLIPSIS = {
  minWidth: 0,
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
} as const;
/** peer · AS · add */
const ADD_GRID = { gridTemplateColumns: 'minmax(0, 1.5fr) minmax(0, 1fr) 58px' };

/** Which nodes a selector picks, so a selector that matches nothing is seen at once. */
function Selects({ cluster, selector }: { cluster: string; selector: Record<string, string> }) {
  const lab = useLab((s) => s.lab);
  const names = selectedNodes(lab, cluster, selector).map((d) => d.name);
  return (
    <div className="small" style={{ margin: '-2px 0 4px' }} data-testid="selects">
      {names.length === 0 ? (
        <span className="sev-warning">selects no node</span>
      ) : (
        <span className="muted">selects {names.join(', ')}</span>
      )}
    </div>
  );
}

function Remove({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button className="danger icon" aria-label={label} title={label} onClick={onClick}>
      ×
    </button>
  );
}

/** A peer address and AS typed, dry-run as typed, added on Add or Enter. */
function AddPeer(props: {
  op: (lab: Lab, peer: string, asn: string) => Lab;
  testid: string;
  what: string;
}) {
  const { op, testid, what } = props;
  const [peer, setPeer] = useState('');
  const [asn, setAsn] = useState('');
  let error: string | undefined;
  if (peer && asn) {
    try {
      op(useLab.getState().lab, peer, asn);
    } catch (e) {
      error = e instanceof OpError ? e.message : String(e);
    }
  }
  const add = () => {
    if (!peer || !asn || error) return;
    applyOrToast((l) => op(l, peer, asn));
    setPeer('');
    setAsn('');
  };
  const enter = (e: React.KeyboardEvent) => e.key === 'Enter' && add();
  return (
    <>
      <div className="lb-row" style={ADD_GRID}>
        <input
          className={`mono ${error ? 'invalid' : ''}`}
          placeholder="peer address"
          aria-label={`New ${what} address`}
          data-testid={`${testid}-peer`}
          value={peer}
          onChange={(e) => setPeer(e.target.value)}
          onKeyDown={enter}
        />
        <input
          className={`mono ${error ? 'invalid' : ''}`}
          placeholder="peer AS"
          aria-label={`New ${what} AS`}
          data-testid={`${testid}-asn`}
          value={asn}
          onChange={(e) => setAsn(e.target.value)}
          onKeyDown={enter}
        />
        <button disabled={!peer || !asn || !!error} onClick={add} data-testid={`${testid}-add`}>
          Add
        </button>
      </div>
      {error && (
        <div className="err" role="alert">
          {error}
        </div>
      )}
    </>
  );
}

// ------------------------------------------------------------------ Cilium

function NeighborRow(props: { cluster: string; policy: CiliumBgpPolicy; pi: number; ni: number }) {
  const { cluster, policy, pi, ni } = props;
  const n = policy.neighbors[ni];
  const [errors, report] = useRowErrors();
  const path = `clusters/${cluster}/cilium/policies/${policy.name}/neighbors/${n?.peerAddress ?? ''}`;
  const ref = useJumpTarget<HTMLDivElement>(path);
  if (!n) return null;
  const set = (field: 'peerAddress' | 'peerAsn' | 'multihop') => (l: Lab, v: string) =>
    setCiliumNeighbor(l, cluster, pi, ni, field, v);
  const id = `policy-${pi}-nb-${ni}`;
  return (
    <div ref={ref} data-testid="policy-neighbor" data-peer={n.peerAddress} data-path={path}>
      <div className="lb-row" style={NEIGHBOR_GRID}>
        <OpInput
          label="peer address"
          value={n.peerAddress}
          testid={`${id}-peer`}
          onError={report}
          op={set('peerAddress')}
        />
        <OpInput
          label="peer AS"
          value={String(n.peerAsn)}
          testid={`${id}-asn`}
          onError={report}
          op={set('peerAsn')}
        />
        <OpInput
          label="multihop"
          value={n.multihop === undefined ? '' : String(n.multihop)}
          placeholder="–"
          testid={`${id}-multihop`}
          onError={report}
          op={set('multihop')}
        />
        <Remove
          label={`Remove neighbour ${n.peerAddress} of ${policy.name}`}
          onClick={() => applyOrToast((l) => removeCiliumNeighbor(l, cluster, pi, ni))}
        />
      </div>
      <RowErrors errors={errors} />
    </div>
  );
}

function PolicyCard({
  cluster,
  policy,
  pi,
}: {
  cluster: string;
  policy: CiliumBgpPolicy;
  pi: number;
}) {
  const p = policy;
  const path = `clusters/${cluster}/cilium/policies/${p.name}`;
  const ref = useJumpTarget<HTMLDivElement>(path);
  const id = `policy-${pi}`;
  return (
    <div
      ref={ref}
      className="entry-card"
      data-testid="cilium-policy"
      data-policy={p.name}
      data-path={path}
    >
      <div className="entry-head">
        <strong className="mono" style={ELLIPSIS} title={p.name}>
          {p.name}
        </strong>
        <Remove
          label={`Remove BGP policy ${p.name}`}
          onClick={() => applyOrToast((l) => removeCiliumPolicy(l, cluster, pi))}
        />
      </div>
      <OpField
        label="name"
        value={p.name}
        mono
        testid={`${id}-name`}
        op={(l, v) => setCiliumPolicy(l, cluster, pi, 'name', v)}
      />
      <OpField
        label="node selector"
        stacked
        value={formatSelector(p.nodeSelector)}
        placeholder="all nodes"
        mono
        testid={`${id}-selector`}
        title="matchLabels as key=value, comma-separated; empty selects every node"
        op={(l, v) => setCiliumPolicy(l, cluster, pi, 'nodeSelector', v)}
      />
      <Selects cluster={cluster} selector={p.nodeSelector} />
      <OpField
        label="local AS"
        value={String(p.localAsn)}
        mono
        testid={`${id}-asn`}
        title="localASN of the virtual router"
        op={(l, v) => setCiliumPolicy(l, cluster, pi, 'localAsn', v)}
      />
      <div className="flags">
        <label title="exportPodCIDR: announce the node's pod CIDR">
          <input
            type="checkbox"
            data-testid={`${id}-export-pod-cidr`}
            checked={p.exportPodCidr}
            onChange={(e) =>
              applyOrToast((l) =>
                setCiliumPolicyFlag(l, cluster, pi, 'exportPodCidr', e.target.checked),
              )
            }
          />
          export pod CIDR
        </label>
        <label title="serviceSelector: announce the LoadBalancer IPs of the cluster's services">
          <input
            type="checkbox"
            data-testid={`${id}-lb-ips`}
            checked={!!p.advertiseLoadBalancerIps}
            onChange={(e) =>
              applyOrToast((l) =>
                setCiliumPolicyFlag(l, cluster, pi, 'advertiseLoadBalancerIps', e.target.checked),
              )
            }
          />
          LoadBalancer IPs
        </label>
      </div>
      <div className="lb-row muted small" style={NEIGHBOR_GRID}>
        <span>neighbour</span>
        <span>peer AS</span>
        <span title="eBGPMultihopTTL">hops</span>
        <span />
      </div>
      {p.neighbors.map((n, ni) => (
        <NeighborRow key={`${n.peerAddress}-${ni}`} cluster={cluster} policy={p} pi={pi} ni={ni} />
      ))}
      {p.neighbors.length === 0 && <div className="muted small">no neighbour: no session</div>}
      <AddPeer
        what={`neighbour of ${p.name}`}
        testid={`${id}-nb-new`}
        op={(l, peer, asn) => addCiliumNeighbor(l, cluster, pi, peer, asn)}
      />
    </div>
  );
}

export function CiliumPolicies({ c }: { c: Cluster }) {
  const policies = c.cilium?.policies ?? [];
  return (
    <>
      <div className="section-title">BGP policies ({policies.length})</div>
      {c.cilium?.bgpApi === 'none' && policies.length > 0 && (
        <div className="small sev-warning">ignored while the BGP API is none</div>
      )}
      {policies.map((p, pi) => (
        <PolicyCard key={`${p.name}-${pi}`} cluster={c.name} policy={p} pi={pi} />
      ))}
      <AddNamed
        what="policy"
        testid="cilium-policy-new"
        op={(l, name) => addCiliumPolicy(l, c.name, name)}
      />
    </>
  );
}

// ------------------------------------------------------------------ Calico

function PeerCard({ cluster, peer, i }: { cluster: string; peer: CalicoBgpPeer; i: number }) {
  const p = peer;
  const path = `clusters/${cluster}/calico/peers/${p.name}`;
  const ref = useJumpTarget<HTMLDivElement>(path);
  const set = (field: 'name' | 'nodeSelector' | 'peerIp' | 'asNumber') => (l: Lab, v: string) =>
    setCalicoPeer(l, cluster, i, field, v);
  const id = `calico-peer-${i}`;
  return (
    <div ref={ref} className="entry-card" data-testid="calico-peer" data-path={path}>
      <div className="entry-head">
        <strong className="mono" style={ELLIPSIS} title={`${p.name} → ${p.peerIp} AS${p.asNumber}`}>
          {p.name}
          <span className="muted">
            {' '}
            → {p.peerIp} AS{p.asNumber}
          </span>
        </strong>
        <Remove
          label={`Remove BGP peer ${p.name}`}
          onClick={() => applyOrToast((l) => removeCalicoPeer(l, cluster, i))}
        />
      </div>
      <OpField label="name" value={p.name} mono testid={`${id}-name`} op={set('name')} />
      <OpField
        label="node selector"
        stacked
        value={formatSelector(p.nodeSelector)}
        placeholder="all nodes (global peer)"
        mono
        testid={`${id}-selector`}
        title="key=value, comma-separated; empty makes it a global peer of every node"
        op={set('nodeSelector')}
      />
      <Selects cluster={cluster} selector={p.nodeSelector} />
      <OpField label="peer IP" value={p.peerIp} mono testid={`${id}-ip`} op={set('peerIp')} />
      <OpField
        label="AS"
        value={String(p.asNumber)}
        mono
        testid={`${id}-asn`}
        title="asNumber: the peer's AS"
        op={set('asNumber')}
      />
    </div>
  );
}

export function CalicoPeers({ c }: { c: Cluster }) {
  const peers = c.calico?.peers ?? [];
  return (
    <>
      <div className="section-title">BGP peers ({peers.length})</div>
      {peers.map((p, i) => (
        <PeerCard key={`${p.name}-${i}`} cluster={c.name} peer={p} i={i} />
      ))}
      <AddPeer
        what="BGP peer"
        testid="calico-peer-new"
        op={(l, peer, asn) => addCalicoPeer(l, c.name, peer, asn)}
      />
    </>
  );
}

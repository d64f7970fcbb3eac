/**
 * File → New fabric…: spines, leaves, nodes per leaf, AS scheme, CNI and Cilium version/BGP API,
 * built with the canvas operations.
 */
import { useState } from 'react';
import { openLab } from '../actions';
import { buildFabric, checkFabric, cniOf } from '../store/fabric';
import type { AsScheme, FabricSpec } from '../store/fabric';
import { useUi } from '../store/uiStore';

const SCHEME_TEXT: Record<AsScheme, string> = {
  ebgp: 'Spines share AS 65000, each leaf has its own AS (65001…), eBGP between them with frr defaults datacenter; nodes announce their pod CIDRs to their leaf.',
  'ibgp-rr':
    'One AS (65000) for the whole fabric: spines are route reflectors with the leaves as clients, and each leaf reflects for its rack’s nodes (hierarchical RRs, RFC 4456); reflectors set next-hop-self force since there is no IGP.',
  'calico-downward-default':
    'Calico’s “downward default” model for IP fabrics: every Calico node in AS 64512 with the node-to-node mesh off, each node peering eBGP with its ToR only; each ToR sends its nodes just a default route (default-originate + prefix-list DEFAULT-ONLY out), so no node ever sees its own AS come back. Spines/leaves eBGP per leaf.',
};

export function Wizard() {
  const open = useUi((s) => s.wizard);
  const [spec, setSpec] = useState<FabricSpec>({
    name: 'fabric',
    spines: 2,
    leaves: 2,
    nodesPerLeaf: 2,
    scheme: 'ebgp',
    cni: 'cilium',
    ciliumVersion: '1.16.5',
    ciliumBgpApi: 'peering-policy',
  });
  if (!open) return null;
  let error: string | undefined;
  try {
    checkFabric(spec);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const num = (k: 'spines' | 'leaves' | 'nodesPerLeaf', label: string) => (
    <div className="field">
      <label htmlFor={`wz-${k}`}>{label}</label>
      <input
        id={`wz-${k}`}
        type="number"
        min={k === 'nodesPerLeaf' ? 0 : 1}
        value={spec[k]}
        data-testid={`wizard-${k}`}
        onChange={(e) => setSpec({ ...spec, [k]: Number(e.target.value) })}
      />
    </div>
  );
  const cni = cniOf(spec);
  const close = () => useUi.setState({ wizard: false });
  const create = () => {
    try {
      openLab(buildFabric(spec));
      close();
    } catch (e) {
      useUi.setState({
        toast: { text: e instanceof Error ? e.message : String(e), kind: 'error' },
      });
    }
  };
  return (
    <div className="modal-bg" onClick={close}>
      <div
        className="modal"
        role="dialog"
        aria-label="New fabric"
        onClick={(e) => e.stopPropagation()}
      >
        <h3>New fabric</h3>
        <div className="field">
          <label htmlFor="wz-name">Name</label>
          <input
            id="wz-name"
            value={spec.name}
            onChange={(e) => setSpec({ ...spec, name: e.target.value })}
          />
        </div>
        {num('spines', 'Spines')}
        {num('leaves', 'Leaves')}
        {num('nodesPerLeaf', 'Nodes per leaf')}
        <div className="field">
          <label htmlFor="wz-scheme">AS scheme</label>
          <select
            id="wz-scheme"
            data-testid="wizard-scheme"
            value={spec.scheme}
            onChange={(e) => setSpec({ ...spec, scheme: e.target.value as AsScheme })}
          >
            <option value="ebgp">eBGP, one AS per leaf</option>
            <option value="ibgp-rr">iBGP with route reflectors</option>
            <option value="calico-downward-default">Calico over IP fabric: downward default</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="wz-cni">CNI</label>
          <select
            id="wz-cni"
            data-testid="wizard-cni"
            value={cni}
            disabled={spec.scheme === 'calico-downward-default'}
            onChange={(e) => setSpec({ ...spec, cni: e.target.value as FabricSpec['cni'] })}
          >
            <option value="cilium">Cilium (GoBGP, BGP control plane)</option>
            <option value="calico">Calico (BIRD)</option>
          </select>
        </div>
        {cni === 'cilium' && (
          <>
            <div className="field">
              <label htmlFor="wz-ver">Cilium version</label>
              <input
                id="wz-ver"
                className="mono"
                data-testid="wizard-cilium-version"
                value={spec.ciliumVersion ?? ''}
                onChange={(e) => setSpec({ ...spec, ciliumVersion: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="wz-api">Cilium BGP API</label>
              <select
                id="wz-api"
                data-testid="wizard-cilium-api"
                value={spec.ciliumBgpApi}
                onChange={(e) =>
                  setSpec({
                    ...spec,
                    ciliumBgpApi: e.target.value as FabricSpec['ciliumBgpApi'],
                  })
                }
              >
                <option value="peering-policy">CiliumBGPPeeringPolicy (v1)</option>
                <option value="bgpv2">BGPv2 (CiliumBGPClusterConfig, 1.16+)</option>
              </select>
            </div>
          </>
        )}
        <p className="muted wizard-note">{SCHEME_TEXT[spec.scheme ?? 'ebgp']}</p>
        {error && (
          <div className="state-Idle" role="alert">
            {error}
          </div>
        )}
        <div className="row" style={{ justifyContent: 'flex-end' }}>
          <button onClick={close}>Cancel</button>
          <button
            className="primary"
            data-testid="wizard-create"
            disabled={!!error}
            onClick={create}
          >
            Create
          </button>
        </div>
      </div>
    </div>
  );
}

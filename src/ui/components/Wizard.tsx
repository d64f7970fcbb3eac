/** File → New fabric…: spines, leaves, nodes per leaf and CNI, built with the canvas operations. */
import { useState } from 'react';
import { openLab } from '../actions';
import { buildFabric, checkFabric } from '../store/fabric';
import type { FabricSpec } from '../store/fabric';
import { useUi } from '../store/uiStore';

export function Wizard() {
  const open = useUi((s) => s.wizard);
  const [spec, setSpec] = useState<FabricSpec>({
    name: 'fabric',
    spines: 2,
    leaves: 2,
    nodesPerLeaf: 2,
    cni: 'cilium',
    ciliumVersion: '1.16.5',
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
          <label htmlFor="wz-cni">CNI</label>
          <select
            id="wz-cni"
            value={spec.cni}
            onChange={(e) => setSpec({ ...spec, cni: e.target.value as FabricSpec['cni'] })}
          >
            <option value="cilium">Cilium (BGP control plane, iBGP to the leaf)</option>
            <option value="calico">Calico (BIRD, eBGP to the leaf)</option>
          </select>
        </div>
        {spec.cni === 'cilium' && (
          <div className="field">
            <label htmlFor="wz-ver">Cilium version</label>
            <input
              id="wz-ver"
              className="mono"
              value={spec.ciliumVersion ?? ''}
              onChange={(e) => setSpec({ ...spec, ciliumVersion: e.target.value })}
            />
          </div>
        )}
        <p className="muted">
          AS scheme: spines share AS 65000, each leaf has its own AS (65001…), eBGP between them
          with <span className="mono">frr defaults datacenter</span>; nodes announce their pod CIDRs
          to their leaf.
        </p>
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

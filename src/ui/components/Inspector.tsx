/**
 * The right-hand inspector: forms for the selected device, link or cluster, else the lab
 * summary; an Expectations tab is reachable whatever is selected.
 */
import { useRef, useState } from 'react';
import { clusterOf, nodeBgp, nodePodCidrs, nodePods } from '../../model/k8s';
import { findDevice } from '../../model/lab';
import type { Device, Lab, Link, Router } from '../../model/types';
import { deleteSelected } from '../actions';
import { sessionsOver } from '../canvas/flow';
import { Glyph } from '../canvas/Glyph';
import { useLab } from '../store/labStore';
import {
  addNeighbor,
  connect,
  removeNeighbor,
  renameDevice,
  setAsn,
  setBgpFlag,
  setDaemon,
  setDeviceDown,
  setLinkDown,
  setMaximumPaths,
  setRouterId,
} from '../store/ops';
import { select, useUi } from '../store/uiStore';
import { ClusterInspector } from './ClusterForm';
import { OpField, applyOrToast } from './Field';
import { ExampleGuide } from './ExampleGuide';
import { ExpectationList } from './ExpectationList';
import { useJumpTarget } from './jump';
import { NeighborDetail, PolicySections } from './PolicyForms';
import { useStepResults } from './stepResults';

const NONE: never[] = [];

function openCluster(name: string): void {
  select([]);
  useUi.setState({ inspectCluster: name, inspectPath: undefined, inspectorTab: 'inspect' });
}

function Interfaces({ device }: { device: Device }) {
  return (
    <>
      <div className="section-title">Interfaces</div>
      <table className="kv mono">
        <tbody>
          {device.interfaces.map((i) => (
            <tr key={i.name}>
              <td>{i.name}</td>
              <td>{i.addresses.join(', ') || (i.unnumbered ? 'unnumbered' : '—')}</td>
            </tr>
          ))}
          {device.interfaces.length === 0 && (
            <tr>
              <td className="muted">none yet: link it to something</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

function LinkTo({ device }: { device: Device }) {
  const devices = useLab((s) => s.lab.devices);
  const others = devices.map((d) => d.name).filter((n) => n !== device.name);
  const [target, setTarget] = useState('');
  return (
    <div className="row">
      <select
        aria-label="Link to device"
        data-testid="link-to"
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        style={{ flex: 1 }}
      >
        <option value="">Link to…</option>
        {others.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      <button
        disabled={!target}
        onClick={() => applyOrToast((l) => connect(l, device.name, target).lab)}
      >
        Link
      </button>
    </div>
  );
}

/**
 * One neighbour with its settings row. A Problems jump to the neighbour (or inside it) opens the
 * settings and scrolls them into view.
 */
function NeighborRow(props: {
  router: Router;
  bgp: NonNullable<Router['bgp']>;
  index: number;
  open: boolean;
  setOpen: (on: boolean) => void;
}) {
  const { router, bgp, index, open, setOpen } = props;
  const n = bgp.neighbors[index];
  const path = `devices/${router.name}/bgp/neighbors/${n?.peer ?? ''}`;
  const detail = useRef<HTMLTableRowElement>(null);
  const ref = useJumpTarget<HTMLTableRowElement>(
    path,
    () => setOpen(true),
    () => detail.current,
  );
  if (!n) return null;
  return (
    <>
      <tr ref={ref} data-testid="neighbor-row" data-peer={n.peer} data-path={path}>
        <td style={{ whiteSpace: 'nowrap' }}>
          <button
            className="icon"
            aria-expanded={open}
            aria-label={`Settings of neighbour ${n.peer}`}
            title="peer-group, route-maps, prefix-lists, flags"
            data-testid="neighbor-more"
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
          {n.peer}
        </td>
        <td>{String(n.remoteAs ?? n.peerGroup ?? '')}</td>
        <td className="muted small nb-flags">
          {(
            [
              [!!n.peerGroup && n.remoteAs !== undefined, 'pg', `peer-group ${n.peerGroup}`],
              [!!n.routeReflectorClient, 'rr', 'route-reflector-client'],
              [!!n.nextHopSelf, 'nhs', 'next-hop-self'],
              [!!n.defaultOriginate, 'def', 'default-originate'],
              [!!(n.routeMapIn || n.prefixListIn), 'in', 'inbound route-map/prefix-list'],
              [!!(n.routeMapOut || n.prefixListOut), 'out', 'outbound route-map/prefix-list'],
              [!!n.shutdown, 'shut', 'shutdown'],
            ] as const
          )
            .filter(([on]) => on)
            .map(([, word, title]) => (
              <span key={word} title={`${title} (open ▸ to change)`}>
                {word}
              </span>
            ))}
        </td>
        <td>
          <button
            className="danger"
            style={{ padding: '0 5px' }}
            aria-label={`Remove neighbour ${n.peer}`}
            onClick={() => applyOrToast((l) => removeNeighbor(l, router.name, index))}
          >
            ×
          </button>
        </td>
      </tr>
      {open && (
        <tr ref={detail}>
          <td colSpan={4}>
            <NeighborDetail device={router.name} bgp={bgp} index={index} n={n} />
          </td>
        </tr>
      )}
    </>
  );
}

function Neighbors({ router }: { router: Router }) {
  const bgp = router.bgp;
  const [peer, setPeer] = useState('');
  const [ras, setRas] = useState('');
  const [detail, setDetail] = useState<number | undefined>();
  if (!bgp) return null;
  let addError: string | undefined;
  if (peer || ras) {
    try {
      addNeighbor(useLab.getState().lab, router.name, peer, ras);
    } catch (e) {
      addError = e instanceof Error ? e.message : String(e);
    }
  }
  return (
    <>
      <div className="section-title">Neighbours</div>
      <table className="kv mono">
        <tbody>
          {bgp.neighbors.map((n, i) => (
            <NeighborRow
              key={`${n.peer}-${i}`}
              router={router}
              bgp={bgp}
              index={i}
              open={detail === i}
              setOpen={(on) => setDetail(on ? i : undefined)}
            />
          ))}
        </tbody>
      </table>
      <div className="row">
        <input
          className={`mono ${addError && peer && ras ? 'invalid' : ''}`}
          style={{ width: 100 }}
          placeholder="peer"
          aria-label="New neighbour address"
          value={peer}
          onChange={(e) => setPeer(e.target.value)}
        />
        <input
          className="mono"
          style={{ width: 80 }}
          placeholder="remote-as"
          aria-label="New neighbour remote-as"
          value={ras}
          onChange={(e) => setRas(e.target.value)}
        />
        <button
          disabled={!peer || !ras || !!addError}
          onClick={() => {
            applyOrToast((l) => addNeighbor(l, router.name, peer, ras));
            setPeer('');
            setRas('');
          }}
        >
          Add
        </button>
      </div>
      {addError && peer && ras && (
        <div className="err" style={{ color: 'var(--bad)', fontSize: 11 }}>
          {addError}
        </div>
      )}
    </>
  );
}

function RouterForm({ router }: { router: Router }) {
  const bgp = router.bgp;
  return (
    <>
      <div className="field">
        <label>Daemon</label>
        <select
          value={router.daemon}
          aria-label="Daemon"
          onChange={(e) =>
            applyOrToast((l) => setDaemon(l, router.name, e.target.value as Router['daemon']))
          }
        >
          <option value="frr">FRR 8.4</option>
          <option value="bird">BIRD 2</option>
          <option value="vyos">VyOS (FRR)</option>
          <option value="gobgp">GoBGP 3</option>
        </select>
      </div>
      <OpField
        label="Local AS"
        value={String(bgp?.asn ?? '')}
        testid="field-asn"
        mono
        op={(l, v) => setAsn(l, router.name, v)}
      />
      <OpField
        label="Router-id"
        value={bgp?.routerId ?? ''}
        placeholder="auto"
        testid="field-router-id"
        mono
        op={(l, v) => setRouterId(l, router.name, v)}
      />
      <OpField
        label="max-paths"
        value={bgp?.maximumPaths === undefined ? '' : String(bgp.maximumPaths)}
        placeholder="default (256)"
        mono
        op={(l, v) => setMaximumPaths(l, router.name, v)}
      />
      <div className="checks">
        <label title="frr defaults datacenter: no RFC 8212 policy requirement, faster timers">
          <input
            type="checkbox"
            checked={bgp?.profile === 'datacenter'}
            onChange={(e) =>
              applyOrToast((l) => setBgpFlag(l, router.name, 'datacenter', e.target.checked))
            }
          />
          frr defaults datacenter
        </label>
        <label title="bgp bestpath as-path multipath-relax">
          <input
            type="checkbox"
            checked={!!bgp?.bestpath?.asPathMultipathRelax}
            onChange={(e) =>
              applyOrToast((l) =>
                setBgpFlag(l, router.name, 'asPathMultipathRelax', e.target.checked),
              )
            }
          />
          as-path multipath-relax
        </label>
      </div>
      <Neighbors router={router} />
      {bgp && <PolicySections device={router.name} bgp={bgp} />}
    </>
  );
}

function NodeForm({ lab, device }: { lab: Lab; device: Extract<Device, { kind: 'k8s-node' }> }) {
  const cluster = clusterOf(lab, device);
  const nb = nodeBgp(lab, device);
  return (
    <table className="kv mono">
      <tbody>
        <tr>
          <td>cluster</td>
          <td>
            <button
              className="link"
              data-testid="open-cluster"
              title="Edit the cluster: CNI, Cilium version, pod/service CIDRs, pools"
              onClick={() => openCluster(device.cluster)}
            >
              {device.cluster} ({cluster?.cni ?? '?'})
            </button>
          </td>
        </tr>
        <tr>
          <td>role</td>
          <td>{device.k8sRole}</td>
        </tr>
        <tr>
          <td>pod CIDRs</td>
          <td>{nodePodCidrs(lab, device).join(', ') || '—'}</td>
        </tr>
        <tr>
          <td>pods</td>
          <td>
            {nodePods(lab, device)
              .map((p) => `${p.name} ${p.address}`)
              .join(', ') || '—'}
          </td>
        </tr>
        <tr>
          <td>BGP</td>
          <td>{nb ? `${nb.daemon} AS${nb.bgp.asn}` : 'none'}</td>
        </tr>
        {nb?.bgp.neighbors.map((n) => (
          <tr key={n.peer}>
            <td>peer</td>
            <td>
              {n.peer} AS{String(n.remoteAs)}
            </td>
          </tr>
        ))}
        {Object.entries(device.labels).map(([k, v]) => (
          <tr key={k}>
            <td>label</td>
            <td>
              {k}={v}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DeviceInspector({ lab, device }: { lab: Lab; device: Device }) {
  return (
    <div data-testid="inspector-device">
      <h2>
        <Glyph role={device.role} /> {device.name}
        <span className="chip">{device.role ?? device.kind}</span>
        {device.down && <span className="chip bad">failed</span>}
      </h2>
      <OpField
        label="Name"
        value={device.name}
        testid="field-name"
        op={(l, v) => renameDevice(l, device.name, v)}
      />
      {device.kind === 'router' && <RouterForm router={device} />}
      {device.kind === 'k8s-node' && <NodeForm lab={lab} device={device} />}
      <Interfaces device={device} />
      <LinkTo device={device} />
      <div className="row">
        <button
          data-testid="toggle-device-down"
          onClick={() => applyOrToast((l) => setDeviceDown(l, device.name, !device.down))}
        >
          {device.down ? 'Restore device' : 'Fail device'}
        </button>
        <button className="danger" onClick={deleteSelected}>
          Delete
        </button>
      </div>
    </div>
  );
}

function LinkInspector({ lab, link }: { lab: Lab; link: Link }) {
  const sessions = useUi((s) => s.summary?.sessions) ?? NONE;
  const over = sessionsOver(lab, link, sessions);
  const end = (d: string, i: string) =>
    findDevice(lab, d)
      ?.interfaces.find((x) => x.name === i)
      ?.addresses.join(', ') ?? '';
  return (
    <div data-testid="inspector-link">
      <h2>Link {link.down && <span className="chip bad">failed</span>}</h2>
      <table className="kv mono">
        <tbody>
          <tr>
            <td>{link.a.device}</td>
            <td>{link.a.interface}</td>
            <td>{end(link.a.device, link.a.interface)}</td>
          </tr>
          <tr>
            <td>{link.b.device}</td>
            <td>{link.b.interface}</td>
            <td>{end(link.b.device, link.b.interface)}</td>
          </tr>
        </tbody>
      </table>
      <div className="section-title">Sessions over this link</div>
      <table className="kv mono">
        <tbody>
          {over.map((s) => (
            <tr key={`${s.device}-${s.peer}`}>
              <td>{s.device}</td>
              <td>{s.peer}</td>
              <td className={`state-${s.state}`}>{s.state}</td>
            </tr>
          ))}
          {over.length === 0 && (
            <tr>
              <td className="muted">none</td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="row">
        <button
          data-testid="toggle-link-down"
          className={link.down ? '' : 'danger'}
          onClick={() => applyOrToast((l) => setLinkDown(l, link.id, !link.down))}
        >
          {link.down ? 'Restore link' : 'Fail link'}
        </button>
        <button className="danger" onClick={deleteSelected}>
          Delete
        </button>
      </div>
    </div>
  );
}

function LabInspector({ lab }: { lab: Lab }) {
  const count = (k: Device['kind']) => lab.devices.filter((d) => d.kind === k).length;
  return (
    <div data-testid="inspector-lab">
      <ExampleGuide />
      <h2>{lab.name}</h2>
      {lab.description && <p className="muted">{lab.description}</p>}
      <table className="kv">
        <tbody>
          <tr>
            <td>routers</td>
            <td>{count('router')}</td>
          </tr>
          <tr>
            <td>Kubernetes nodes</td>
            <td>{count('k8s-node')}</td>
          </tr>
          <tr>
            <td>clients</td>
            <td>{count('host')}</td>
          </tr>
          <tr>
            <td>bridges</td>
            <td>{count('bridge')}</td>
          </tr>
          <tr>
            <td>links</td>
            <td>
              {lab.links.length} ({lab.links.filter((l) => l.down).length} failed)
            </td>
          </tr>
          {lab.clusters.map((c) => (
            <tr key={c.name}>
              <td>cluster {c.name}</td>
              <td className="mono">
                <button
                  className="link"
                  data-testid="lab-cluster"
                  title="Edit the cluster"
                  onClick={() => openCluster(c.name)}
                >
                  {c.cni} · pods {c.podCidr}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {lab.expectations.length > 0 && <ExpectationList lab={lab} />}
      <p className="muted" style={{ marginTop: 12 }}>
        Select a device or link to edit it. Shift-drag to box-select.
      </p>
    </div>
  );
}

function Tabs() {
  const tab = useUi((s) => s.inspectorTab) ?? 'inspect';
  const defined = useLab((s) => s.lab.expectations.length);
  const { results } = useStepResults();
  const failing = results.filter((r) => !r.ok).length;
  const tabButton = (id: 'inspect' | 'expectations', label: string) => (
    <button
      role="tab"
      aria-selected={tab === id}
      className={tab === id ? 'active' : ''}
      data-testid={`inspector-tab-${id}`}
      onClick={() => useUi.setState({ inspectorTab: id })}
    >
      {label}
    </button>
  );
  return (
    <div className="insp-tabs" role="tablist">
      {tabButton('inspect', 'Inspect')}
      {tabButton(
        'expectations',
        `Expectations${defined ? ` (${failing ? `${failing} failing` : defined})` : ''}`,
      )}
    </div>
  );
}

export function Inspector() {
  const lab = useLab((s) => s.lab);
  const selection = useUi((s) => s.selection);
  const tab = useUi((s) => s.inspectorTab) ?? 'inspect';
  const clusterName = useUi((s) => s.inspectCluster);
  const dev =
    selection.devices.length === 1 ? findDevice(lab, selection.devices[0] ?? '') : undefined;
  const link =
    !dev && selection.links.length === 1
      ? lab.links.find((l) => l.id === selection.links[0])
      : undefined;
  const cluster =
    !dev && !link && selection.devices.length === 0
      ? lab.clusters.find((c) => c.name === clusterName)
      : undefined;
  return (
    <aside className="inspector" aria-label="Inspector">
      <Tabs />
      {tab === 'expectations' ? (
        <div data-testid="inspector-expectations">
          <ExpectationList lab={lab} />
        </div>
      ) : dev ? (
        <DeviceInspector key={dev.name} lab={lab} device={dev} />
      ) : link ? (
        <LinkInspector lab={lab} link={link} />
      ) : cluster ? (
        <ClusterInspector lab={lab} cluster={cluster} />
      ) : selection.devices.length > 1 ? (
        <div>
          <h2>{selection.devices.length} devices</h2>
          <p className="muted">{selection.devices.join(', ')}</p>
          <button className="danger" onClick={deleteSelected}>
            Delete selection
          </button>
        </div>
      ) : (
        <LabInspector lab={lab} />
      )}
    </aside>
  );
}

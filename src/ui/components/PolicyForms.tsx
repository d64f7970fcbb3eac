/**
 * Inspector forms for a router's BGP policy objects (peer groups, prefix-lists, route-maps,
 * community-lists, as-path access-lists) and a neighbour's policy settings. Every control is
 * one model operation (store/policyOps.ts): text validates as you type and is applied on Enter
 * or blur, choices apply at once; each is one undo step.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { BgpConfig, Lab, Neighbor, NeighborSettings, PeerGroup } from '../../model/types';
import { useLab } from '../store/labStore';
import { OpError } from '../store/ops';
import {
  addListEntry,
  addPeerGroup,
  addPolicy,
  addPrefixListEntry,
  addRouteMapEntry,
  policyWord,
  removePeerGroup,
  removePolicy,
  removePolicyEntry,
  renamePeerGroup,
  renamePolicy,
  setListEntry,
  setNeighborField,
  setNeighborFlag,
  setPeerGroupField,
  setPeerGroupFlag,
  setPrefixListEntry,
  setRouteMapEntry,
} from '../store/policyOps';
import type { PolicyKind, RouteMapField, SettingField, SettingFlag } from '../store/policyOps';
import { useUi } from '../store/uiStore';
import { OpField, OpInput, RowErrors, applyOrToast, useRowErrors } from './Field';

function Remove({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button className="danger icon" aria-label={label} title={label} onClick={onClick}>
      ×
    </button>
  );
}

/** A choice among the device's policy objects of one kind ('' = none). */
function RefSelect(props: {
  label: string;
  value: string | undefined;
  options: string[];
  onChange: (v: string) => void;
  testid?: string;
}) {
  const { label, value, options, onChange, testid } = props;
  const missing = value !== undefined && !options.includes(value);
  return (
    <div className="field">
      <label>{label}</label>
      <select
        aria-label={label}
        data-testid={testid}
        className={missing ? 'invalid' : ''}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">—</option>
        {missing && <option value={value}>{value} (not defined)</option>}
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </div>
  );
}

function Action({
  value,
  onChange,
  testid,
}: {
  value: 'permit' | 'deny';
  onChange: (v: string) => void;
  testid?: string;
}) {
  return (
    <select
      aria-label="Action"
      data-testid={testid}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option>permit</option>
      <option>deny</option>
    </select>
  );
}

/** Adds a named object: the name is dry-run as typed, so a taken or malformed name says why. */
export function AddNamed({
  what,
  op,
  testid,
}: {
  what: string;
  op: (lab: Lab, name: string) => Lab;
  testid: string;
}) {
  const [name, setName] = useState('');
  let error: string | undefined;
  if (name) {
    try {
      op(useLab.getState().lab, name);
    } catch (e) {
      error = e instanceof OpError ? e.message : String(e);
    }
  }
  const add = () => {
    if (!name || error) return;
    applyOrToast((l) => op(l, name));
    setName('');
  };
  return (
    <>
      <div className="row">
        <input
          className={`mono ${error ? 'invalid' : ''}`}
          style={{ flex: 1, minWidth: 0 }}
          placeholder={`new ${what} name`}
          aria-label={`New ${what} name`}
          data-testid={`${testid}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && add()}
        />
        <button disabled={!name || !!error} onClick={add} data-testid={`${testid}-add`}>
          Add {what}
        </button>
      </div>
      {error && <div className="err">{error}</div>}
    </>
  );
}

/**
 * A collapsible section. It opens (and scrolls its item into view) when the Problems panel
 * jumps to a path inside it, e.g. `devices/leaf1/bgp/routeMaps/FROM-NODES/10`.
 */
function Section(props: { title: string; count: number; path: string; children: ReactNode }) {
  const focus = useUi((s) => s.inspectPath);
  const hit = focus !== undefined && (focus === props.path || focus.startsWith(`${props.path}/`));
  const [open, setOpen] = useState(hit);
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!hit || !focus) return;
    setOpen(true);
    // After the open render: the item the problem names, else the section itself.
    requestAnimationFrame(() => {
      const items = ref.current?.querySelectorAll<HTMLElement>('[data-path]') ?? [];
      const target =
        [...items].reverse().find((el) => focus.startsWith(el.dataset.path ?? '\u0000')) ??
        ref.current;
      target?.scrollIntoView({ block: 'nearest' });
      target?.classList.add('flash');
      setTimeout(() => target?.classList.remove('flash'), 1500);
    });
  }, [hit, focus]);
  return (
    <details
      ref={ref}
      className="insp-section"
      open={open}
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
      data-testid={`section-${props.title.toLowerCase().replace(/[^a-z]+/g, '-')}`}
    >
      <summary>
        {props.title} <span className="muted">({props.count})</span>
      </summary>
      {open && props.children}
    </details>
  );
}

// ------------------------------------------------------------------ neighbour settings

const FLAGS: { flag: SettingFlag; label: string; title: string }[] = [
  { flag: 'routeReflectorClient', label: 'rr-client', title: 'route-reflector-client' },
  { flag: 'nextHopSelf', label: 'nh-self', title: 'next-hop-self' },
  { flag: 'nextHopSelfForce', label: 'nh-self force', title: 'next-hop-self force' },
  { flag: 'defaultOriginate', label: 'default-orig.', title: 'default-originate' },
  { flag: 'shutdown', label: 'shutdown', title: 'neighbor … shutdown' },
  { flag: 'passive', label: 'passive', title: 'neighbor … passive' },
];

function flagOn(s: NeighborSettings, flag: SettingFlag): boolean {
  if (flag === 'nextHopSelf') return s.nextHopSelf === true;
  if (flag === 'nextHopSelfForce') return s.nextHopSelf === 'force';
  return s[flag] === true;
}

/** The settings a peer group and a neighbour share, bound to `field`/`flag` setters. */
function SettingsForm(props: {
  bgp: BgpConfig;
  s: NeighborSettings;
  testid: string;
  field: (l: Lab, f: SettingField, v: string) => Lab;
  flag: (l: Lab, f: SettingFlag, on: boolean) => Lab;
  inherited?: PeerGroup;
}) {
  const { bgp, s, testid, field, flag, inherited } = props;
  const text = (f: SettingField, label: string, placeholder?: string) => (
    <OpField
      label={label}
      value={s[f] === undefined ? '' : String(s[f])}
      placeholder={
        inherited?.[f] !== undefined ? `${String(inherited[f])} (group)` : (placeholder ?? '')
      }
      testid={`${testid}-${f}`}
      mono
      op={(l, v) => field(l, f, v)}
    />
  );
  const ref = (f: SettingField, label: string, kind: 'routeMaps' | 'prefixLists') => (
    <RefSelect
      label={label}
      value={s[f] as string | undefined}
      options={bgp[kind].map((p) => p.name)}
      testid={`${testid}-${f}`}
      onChange={(v) => applyOrToast((l) => field(l, f, v))}
    />
  );
  return (
    <>
      {text('remoteAs', 'remote-as', 'ASN, internal, external')}
      {text('updateSource', 'update-source', 'interface or address')}
      {text('ebgpMultihop', 'ebgp-multihop', '1 (direct)')}
      {text('allowasIn', 'allowas-in', 'off')}
      {ref('routeMapIn', 'route-map in', 'routeMaps')}
      {ref('routeMapOut', 'route-map out', 'routeMaps')}
      {ref('prefixListIn', 'prefix-list in', 'prefixLists')}
      {ref('prefixListOut', 'prefix-list out', 'prefixLists')}
      <div className="flags">
        {FLAGS.map((f) => (
          <label key={f.flag} title={f.title}>
            <input
              type="checkbox"
              data-testid={`${testid}-${f.flag}`}
              checked={flagOn(s, f.flag)}
              onChange={(e) => applyOrToast((l) => flag(l, f.flag, e.target.checked))}
            />
            {f.label}
          </label>
        ))}
      </div>
    </>
  );
}

/** A neighbour's peer-group and policy settings (the neighbours table's detail row). */
export function NeighborDetail(props: {
  device: string;
  bgp: BgpConfig;
  index: number;
  n: Neighbor;
}) {
  const { device, bgp, index, n } = props;
  const group = bgp.peerGroups.find((g) => g.name === n.peerGroup);
  return (
    <div className="entry-card" data-testid="neighbor-detail">
      <RefSelect
        label="peer-group"
        value={n.peerGroup}
        options={bgp.peerGroups.map((g) => g.name)}
        testid={`nb-${index}-peerGroup`}
        onChange={(v) => applyOrToast((l) => setNeighborField(l, device, index, 'peerGroup', v))}
      />
      <SettingsForm
        bgp={bgp}
        s={n}
        testid={`nb-${index}`}
        inherited={group}
        field={(l, f, v) => setNeighborField(l, device, index, f, v)}
        flag={(l, f, on) => setNeighborFlag(l, device, index, f, on)}
      />
    </div>
  );
}

// ------------------------------------------------------------------ sections

function PeerGroups({ device, bgp }: { device: string; bgp: BgpConfig }) {
  const at = `devices/${device}/bgp/peerGroups`;
  return (
    <Section title="Peer groups" count={bgp.peerGroups.length} path={at}>
      {bgp.peerGroups.map((g) => {
        const members = bgp.neighbors.filter((n) => n.peerGroup === g.name).map((n) => n.peer);
        return (
          <div
            className="entry-card"
            key={g.name}
            data-path={`${at}/${g.name}`}
            data-testid="peer-group"
          >
            <div className="entry-head">
              <span className="mono">peer-group {g.name}</span>
              <Remove
                label={`Remove peer-group ${g.name}`}
                onClick={() => applyOrToast((l) => removePeerGroup(l, device, g.name))}
              />
            </div>
            <OpField
              label="name"
              value={g.name}
              mono
              testid={`pg-${g.name}-name`}
              op={(l, v) => renamePeerGroup(l, device, g.name, v)}
            />
            <SettingsForm
              bgp={bgp}
              s={g}
              testid={`pg-${g.name}`}
              field={(l, f, v) => setPeerGroupField(l, device, g.name, f, v)}
              flag={(l, f, on) => setPeerGroupFlag(l, device, g.name, f, on)}
            />
            <div className="muted mono small">
              members: {members.length ? members.join(', ') : 'none (pick it on a neighbour)'}
            </div>
          </div>
        );
      })}
      <AddNamed what="peer-group" testid="pg" op={(l, n) => addPeerGroup(l, device, n)} />
    </Section>
  );
}

function ListHead(props: { device: string; kind: PolicyKind; name: string }) {
  const { device, kind, name } = props;
  return (
    <>
      <div className="entry-head">
        <span className="mono">
          {policyWord[kind]} {name}
        </span>
        <Remove
          label={`Remove ${policyWord[kind]} ${name}`}
          onClick={() => applyOrToast((l) => removePolicy(l, device, kind, name))}
        />
      </div>
      <OpField
        label="name"
        value={name}
        mono
        testid={`${kind}-${name}-name`}
        op={(l, v) => renamePolicy(l, device, kind, name, v)}
      />
    </>
  );
}

function PrefixListRow(props: {
  device: string;
  list: string;
  index: number;
  e: BgpConfig['prefixLists'][number]['entries'][number];
  at: string;
}) {
  const { device, list, index, e, at } = props;
  const [errors, report] = useRowErrors();
  const cell = (f: 'seq' | 'prefix' | 'ge' | 'le', value: string, placeholder?: string) => (
    <OpInput
      label={f}
      value={value}
      placeholder={placeholder}
      testid={`pl-${list}-${index}-${f}`}
      onError={report}
      op={(l, v) => setPrefixListEntry(l, device, list, index, f, v)}
    />
  );
  return (
    <div data-path={`${at}/${e.seq}`} data-testid="pl-entry">
      <div className="pl-row">
        {cell('seq', String(e.seq))}
        <Action
          value={e.action}
          testid={`pl-${list}-${index}-action`}
          onChange={(v) =>
            applyOrToast((l) => setPrefixListEntry(l, device, list, index, 'action', v))
          }
        />
        {cell('prefix', e.prefix)}
        <Remove
          label={`Remove seq ${e.seq}`}
          onClick={() =>
            applyOrToast((l) => removePolicyEntry(l, device, 'prefixLists', list, index))
          }
        />
      </div>
      <div className="pl-range">
        <span className="muted small">ge</span>
        {cell('ge', e.ge === undefined ? '' : String(e.ge), '—')}
        <span className="muted small">le</span>
        {cell('le', e.le === undefined ? '' : String(e.le), '—')}
      </div>
      <RowErrors errors={errors} />
    </div>
  );
}

function PrefixLists({ device, bgp }: { device: string; bgp: BgpConfig }) {
  const at = `devices/${device}/bgp/prefixLists`;
  return (
    <Section title="Prefix-lists" count={bgp.prefixLists.length} path={at}>
      {bgp.prefixLists.map((pl) => (
        <div
          className="entry-card"
          key={pl.name}
          data-path={`${at}/${pl.name}`}
          data-testid="prefix-list"
        >
          <ListHead device={device} kind="prefixLists" name={pl.name} />
          <div className="pl-row muted small">
            <span>seq</span>
            <span>action</span>
            <span>prefix</span>
            <span />
          </div>
          {pl.entries.map((e, i) => (
            <PrefixListRow
              key={`${e.seq}-${i}`}
              device={device}
              list={pl.name}
              index={i}
              e={e}
              at={`${at}/${pl.name}`}
            />
          ))}
          <button
            data-testid={`pl-${pl.name}-add-entry`}
            onClick={() => applyOrToast((l) => addPrefixListEntry(l, device, pl.name))}
          >
            + entry
          </button>
        </div>
      ))}
      <AddNamed
        what="prefix-list"
        testid="pl"
        op={(l, n) => addPolicy(l, device, 'prefixLists', n)}
      />
    </Section>
  );
}

function RouteMapEntryCard(props: {
  device: string;
  bgp: BgpConfig;
  rm: string;
  index: number;
  e: BgpConfig['routeMaps'][number]['entries'][number];
  at: string;
}) {
  const { device, bgp, rm, index, e, at } = props;
  const set = (f: RouteMapField) => (l: Lab, v: string) =>
    setRouteMapEntry(l, device, rm, index, f, v);
  const tid = `rm-${rm}-${e.seq}`;
  const text = (f: RouteMapField, label: string, value: string, placeholder?: string) => (
    <OpField
      label={label}
      value={value}
      placeholder={placeholder}
      mono
      testid={`${tid}-${f}`}
      op={set(f)}
    />
  );
  const match = (
    f: 'matchPrefixList' | 'matchCommunityList' | 'matchAsPathList',
    label: string,
    kind: 'prefixLists' | 'communityLists' | 'asPathLists',
    value: string | undefined,
  ) => (
    <RefSelect
      label={label}
      value={value}
      options={bgp[kind].map((p) => p.name)}
      testid={`${tid}-${f}`}
      onChange={(v) => applyOrToast((l) => set(f)(l, v))}
    />
  );
  const num = (v: number | undefined) => (v === undefined ? '' : String(v));
  return (
    <div className="rm-entry" data-path={`${at}/${e.seq}`} data-testid="rm-entry">
      <div className="entry-head">
        <Action
          value={e.action}
          testid={`${tid}-action`}
          onChange={(v) => applyOrToast((l) => set('action')(l, v))}
        />
        <Remove
          label={`Remove ${rm} ${e.action} ${e.seq}`}
          onClick={() => applyOrToast((l) => removePolicyEntry(l, device, 'routeMaps', rm, index))}
        />
      </div>
      {text('seq', 'seq', String(e.seq))}
      {match('matchPrefixList', 'match ip prefix', 'prefixLists', e.match.prefixList)}
      {match('matchCommunityList', 'match community', 'communityLists', e.match.communityList)}
      {match('matchAsPathList', 'match as-path', 'asPathLists', e.match.asPathList)}
      {text('localPref', 'set local-pref', num(e.set.localPref))}
      {text('med', 'set metric', num(e.set.med))}
      {text('weight', 'set weight', num(e.set.weight))}
      {text('asPathPrepend', 'set prepend', (e.set.asPathPrepend ?? []).join(' '), 'ASN ASN …')}
      {text('community', 'set community', (e.set.community?.values ?? []).join(' '), 'AA:NN …')}
      {e.set.community && (
        <label className="flags" title="set community … additive: keep the communities present">
          <input
            type="checkbox"
            checked={!!e.set.community.additive}
            onChange={(ev) =>
              applyOrToast((l) => set('communityAdditive')(l, ev.target.checked ? 'true' : ''))
            }
          />
          additive
        </label>
      )}
    </div>
  );
}

function RouteMaps({ device, bgp }: { device: string; bgp: BgpConfig }) {
  const at = `devices/${device}/bgp/routeMaps`;
  return (
    <Section title="Route-maps" count={bgp.routeMaps.length} path={at}>
      {bgp.routeMaps.map((rm) => (
        <div
          className="entry-card"
          key={rm.name}
          data-path={`${at}/${rm.name}`}
          data-testid="route-map"
        >
          <ListHead device={device} kind="routeMaps" name={rm.name} />
          {rm.entries.map((e, i) => (
            <RouteMapEntryCard
              key={`${e.seq}-${i}`}
              device={device}
              bgp={bgp}
              rm={rm.name}
              index={i}
              e={e}
              at={`${at}/${rm.name}`}
            />
          ))}
          <button
            data-testid={`rm-${rm.name}-add-entry`}
            onClick={() => applyOrToast((l) => addRouteMapEntry(l, device, rm.name))}
          >
            + entry
          </button>
        </div>
      ))}
      <AddNamed what="route-map" testid="rm" op={(l, n) => addPolicy(l, device, 'routeMaps', n)} />
    </Section>
  );
}

function SimpleListRow(props: {
  device: string;
  kind: 'communityLists' | 'asPathLists';
  list: string;
  index: number;
  action: 'permit' | 'deny';
  value: string;
}) {
  const { device, kind, list, index, action, value } = props;
  const [errors, report] = useRowErrors();
  return (
    <div>
      <div className="list-row">
        <Action
          value={action}
          onChange={(v) =>
            applyOrToast((l) => setListEntry(l, device, kind, list, index, 'action', v))
          }
        />
        <OpInput
          label={kind === 'communityLists' ? 'community' : 'regex'}
          value={value}
          testid={`${kind}-${list}-${index}`}
          onError={report}
          op={(l, v) => setListEntry(l, device, kind, list, index, 'value', v)}
        />
        <Remove
          label={`Remove entry ${index + 1}`}
          onClick={() => applyOrToast((l) => removePolicyEntry(l, device, kind, list, index))}
        />
      </div>
      <RowErrors errors={errors} />
    </div>
  );
}

function SimpleLists(props: {
  device: string;
  bgp: BgpConfig;
  kind: 'communityLists' | 'asPathLists';
}) {
  const { device, bgp, kind } = props;
  const at = `devices/${device}/bgp/${kind}`;
  const lists =
    kind === 'communityLists'
      ? bgp.communityLists.map((c) => ({
          name: c.name,
          entries: c.entries.map((e) => ({ action: e.action, value: e.community })),
        }))
      : bgp.asPathLists.map((c) => ({
          name: c.name,
          entries: c.entries.map((e) => ({ action: e.action, value: e.regex })),
        }));
  return (
    <Section
      title={kind === 'communityLists' ? 'Community-lists' : 'AS-path lists'}
      count={lists.length}
      path={at}
    >
      {lists.map((cl) => (
        <div className="entry-card" key={cl.name} data-path={`${at}/${cl.name}`}>
          <ListHead device={device} kind={kind} name={cl.name} />
          {cl.entries.map((e, i) => (
            <SimpleListRow
              key={i}
              device={device}
              kind={kind}
              list={cl.name}
              index={i}
              action={e.action}
              value={e.value}
            />
          ))}
          <button onClick={() => applyOrToast((l) => addListEntry(l, device, kind, cl.name))}>
            + entry
          </button>
        </div>
      ))}
      <AddNamed
        what={policyWord[kind]}
        testid={kind}
        op={(l, n) => addPolicy(l, device, kind, n)}
      />
    </Section>
  );
}

/** All policy sections of a BGP speaker with its own configuration. */
export function PolicySections({ device, bgp }: { device: string; bgp: BgpConfig }) {
  return (
    <div className="policy-sections">
      <PeerGroups device={device} bgp={bgp} />
      <PrefixLists device={device} bgp={bgp} />
      <RouteMaps device={device} bgp={bgp} />
      <SimpleLists device={device} bgp={bgp} kind="communityLists" />
      <SimpleLists device={device} bgp={bgp} kind="asPathLists" />
    </div>
  );
}

import { useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { query } from '../sim';
import type { Api } from '../../worker/api';
import type { Remote } from 'comlink';
import { useLab } from '../store/labStore';
import { useUi } from '../store/uiStore';

/** Fetches a worker view for the current revision; refetches when the revision or key changes. */
export function useWorkerView<T>(
  key: string | undefined,
  fn: (api: Remote<Api>, revision: number, key: string) => Promise<T>,
): T | undefined {
  const revision = useUi((s) => s.revision);
  const status = useUi((s) => s.status);
  const [value, setValue] = useState<{ key: string; rev: number; v: T } | undefined>();
  useEffect(() => {
    if (key === undefined || status === 'running') return;
    let live = true;
    void query((api, rev) => fn(api, rev, key)).then((v) => {
      if (live && v !== undefined) setValue({ key, rev: revision, v });
    });
    return () => {
      live = false;
    };
    // fn is a stable lambda per panel; keying on it would refetch every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, revision, status]);
  return value && value.key === key ? value.v : undefined;
}

/** The device the router views show: chosen here, defaulting to the last device clicked. */
export function useViewDevice(): [string | undefined, (d: string) => void] {
  const focus = useUi((s) => s.focus);
  const names = useLab((s) => s.lab.devices.map((d) => d.name).join('\u0000'));
  const exists = focus !== undefined && names.split('\u0000').includes(focus);
  return [exists ? focus : undefined, (d: string) => useUi.setState({ focus: d })];
}

export function DevicePicker({
  value,
  onChange,
  speakersOnly,
}: {
  value?: string;
  onChange: (d: string) => void;
  speakersOnly?: boolean;
}) {
  const devices = useLab((s) => s.lab.devices);
  const list = devices.filter((d) => !speakersOnly || d.kind === 'router' || d.kind === 'k8s-node');
  return (
    <select
      aria-label="Device"
      data-testid="view-device"
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="" disabled>
        device…
      </option>
      {list.map((d) => (
        <option key={d.name} value={d.name}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

export interface Column<R> {
  key: string;
  label: string;
  num?: boolean;
  value: (r: R) => string | number;
  render?: (r: R) => ReactNode;
}

/** A real <table>, filterable (substring over all cells) and sortable by clicking a header. */
export function DataTable<R>(props: {
  rows: R[];
  columns: Column<R>[];
  filter: string;
  rowKey: (r: R, i: number) => string;
  onRowClick?: (r: R) => void;
  selectedKey?: string;
  rowProps?: (r: R) => Record<string, string>;
  testid?: string;
  caption?: string;
}) {
  const { rows, columns, filter } = props;
  const [sort, setSort] = useState<{ key: string; dir: 1 | -1 } | undefined>();
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    let out = f
      ? rows.filter((r) => columns.some((c) => String(c.value(r)).toLowerCase().includes(f)))
      : rows;
    if (sort) {
      const col = columns.find((c) => c.key === sort.key);
      if (col)
        out = [...out].sort((a, b) => {
          const x = col.value(a);
          const y = col.value(b);
          return (
            (typeof x === 'number' && typeof y === 'number'
              ? x - y
              : String(x).localeCompare(String(y), undefined, { numeric: true })) * sort.dir
          );
        });
    }
    return out;
  }, [rows, columns, filter, sort]);
  return (
    <table className="grid" data-testid={props.testid}>
      {props.caption && <caption style={{ display: 'none' }}>{props.caption}</caption>}
      <thead>
        <tr>
          {columns.map((c) => (
            <th
              key={c.key}
              className={c.num ? 'num' : ''}
              aria-sort={
                sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'
              }
              onClick={() =>
                setSort(
                  sort?.key === c.key
                    ? { key: c.key, dir: sort.dir === 1 ? -1 : 1 }
                    : { key: c.key, dir: 1 },
                )
              }
            >
              {c.label}
              {sort?.key === c.key ? (sort.dir === 1 ? ' ▴' : ' ▾') : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {shown.map((r, i) => {
          const k = props.rowKey(r, i);
          return (
            <tr
              key={k}
              className={`${props.onRowClick ? 'clickable' : ''} ${props.selectedKey === k ? 'sel' : ''}`}
              onClick={props.onRowClick ? () => props.onRowClick?.(r) : undefined}
              {...(props.rowProps?.(r) ?? {})}
            >
              {columns.map((c) => (
                <td key={c.key} className={c.num ? 'num' : ''}>
                  {c.render ? c.render(r) : c.value(r)}
                </td>
              ))}
            </tr>
          );
        })}
        {shown.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="muted">
              {rows.length === 0 ? 'nothing to show' : 'no row matches the filter'}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function Filter({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <input
      placeholder="filter…"
      aria-label="Filter"
      data-testid="filter"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      style={{ width: 180 }}
    />
  );
}

export function Unavailable({ children }: { children: ReactNode }) {
  return (
    <div className="muted" data-testid="unavailable" style={{ padding: 8 }}>
      {children}
    </div>
  );
}

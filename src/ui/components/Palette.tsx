import { Glyph } from '../canvas/Glyph';
import { PALETTE_MIME } from '../canvas/Canvas';
import { useLab } from '../store/labStore';
import { addDevice, freeSpot } from '../store/ops';
import { palette } from '../store/templates';
import type { PaletteKind } from '../store/templates';
import { select, toast } from '../store/uiStore';

/** Click adds at a free spot of the device's tier (keyboard friendly); drag drops at the cursor. */
export function addFromPalette(kind: PaletteKind): void {
  let name = '';
  const err = useLab.getState().apply((l) => {
    const r = addDevice(l, kind, freeSpot(l, kind));
    name = r.name;
    return r.lab;
  });
  if (err) toast(err, 'error');
  else select([name]);
}

export function Palette() {
  return (
    <aside className="palette" aria-label="Device palette">
      <div className="section-title">Devices</div>
      {palette.map((p) => (
        <button
          key={p.kind}
          className="palette-item"
          data-testid={`palette-${p.kind}`}
          title={`${p.hint} — click to add, or drag onto the canvas`}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.setData(PALETTE_MIME, p.kind);
            e.dataTransfer.effectAllowed = 'copy';
          }}
          onClick={() => addFromPalette(p.kind)}
        >
          <Glyph role={p.role} />
          <span>{p.label}</span>
        </button>
      ))}
      <p className="hint">
        Drag from a device&apos;s handle to another to link them: interfaces, addresses and BGP
        sessions are filled in from the lab&apos;s pools.
      </p>
    </aside>
  );
}

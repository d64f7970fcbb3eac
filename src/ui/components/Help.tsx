import { useUi } from '../store/uiStore';

const keys: [string, string][] = [
  ['Ctrl+Z', 'Undo (a whole drag is one step)'],
  ['Ctrl+Shift+Z / Ctrl+Y', 'Redo'],
  ['Delete / Backspace', 'Delete the selection'],
  ['Ctrl+C / Ctrl+V', 'Copy / paste devices (renumbered, internal links kept)'],
  ['Ctrl+S', 'Save the lab file'],
  ['F', 'Zoom to fit'],
  ['Shift+drag', 'Box select'],
  ['Ctrl+click', 'Add to the selection'],
  ['Esc', 'Clear the selection, close this sheet'],
  ['?', 'This sheet'],
];

export function Help() {
  const open = useUi((s) => s.help);
  if (!open) return null;
  return (
    <div className="modal-bg" onClick={() => useUi.setState({ help: false })}>
      <div
        className="modal"
        role="dialog"
        aria-label="Keyboard shortcuts"
        onClick={(e) => e.stopPropagation()}
      >
        <h3>Keyboard shortcuts</h3>
        <table className="keys">
          <tbody>
            {keys.map(([k, v]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          Link two devices by dragging from a handle (the dots above and below a device) to another
          device, or with “Link to…” in the inspector. Fail mode: click a link or device to fail or
          restore it.
        </p>
        <button onClick={() => useUi.setState({ help: false })}>Close</button>
      </div>
    </div>
  );
}

export function Toast() {
  const t = useUi((s) => s.toast);
  if (!t) return null;
  return (
    <div
      className={`toast ${t.kind}`}
      role={t.kind === 'error' ? 'alert' : 'status'}
      data-testid="toast"
    >
      {t.text}
    </div>
  );
}

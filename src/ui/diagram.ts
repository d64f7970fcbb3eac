/**
 * Diagram export drawn from the lab itself (not a DOM snapshot), so text is real SVG text and
 * the file is named after the lab.
 */
import type { Lab } from '../model/types';
import { NODE_H, NODE_W, groupBoxes } from './canvas/flow';

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function labSvg(lab: Lab): string {
  const pos = lab.layout.positions;
  const ps = Object.values(pos);
  const pad = 40;
  const x0 = Math.min(0, ...ps.map((p) => p.x)) - pad;
  const y0 = Math.min(0, ...ps.map((p) => p.y)) - pad;
  const w = Math.max(200, ...ps.map((p) => p.x + NODE_W)) - x0 + pad;
  const h = Math.max(100, ...ps.map((p) => p.y + NODE_H)) - y0 + pad;
  const parts: string[] = [];
  for (const g of groupBoxes(lab, pos)) {
    parts.push(
      `<rect x="${g.x}" y="${g.y}" width="${g.w}" height="${g.h}" rx="10" fill="#f4f7ff" stroke="#c5cbd6" stroke-dasharray="6 4"/>`,
      `<text x="${g.x + 10}" y="${g.y + 14}" font-size="11" fill="#5d6877">${esc(g.label)}</text>`,
    );
  }
  for (const l of lab.links) {
    const a = pos[l.a.device];
    const b = pos[l.b.device];
    if (!a || !b) continue;
    const [u, d] = a.y <= b.y ? [a, b] : [b, a];
    parts.push(
      `<line x1="${u.x + NODE_W / 2}" y1="${u.y + NODE_H}" x2="${d.x + NODE_W / 2}" y2="${d.y}" stroke="${l.down ? '#c62828' : '#6b7280'}" stroke-width="1.6"${l.down ? ' stroke-dasharray="5 4"' : ''}/>`,
    );
  }
  for (const d of lab.devices) {
    const p = pos[d.name];
    if (!p) continue;
    const asn = d.kind === 'router' && d.bgp ? `AS${d.bgp.asn}` : (d.role ?? d.kind);
    parts.push(
      `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="#fff" stroke="#9aa3af"/>`,
      `<text x="${p.x + 10}" y="${p.y + 20}" font-size="13" font-weight="600" fill="#1c2430">${esc(d.name)}</text>`,
      `<text x="${p.x + 10}" y="${p.y + 38}" font-size="11" fill="#5d6877" font-family="monospace">${esc(asn)}</text>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${x0} ${y0} ${w} ${h}" width="${w}" height="${h}" font-family="system-ui, sans-serif"><rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#fff"/>${parts.join('')}</svg>`;
}

export async function svgToPng(svg: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((res, rej) => {
      img.onload = () => res();
      img.onerror = () => rej(new Error('could not render the diagram'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((res, rej) =>
      canvas.toBlob((b) => (b ? res(b) : rej(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

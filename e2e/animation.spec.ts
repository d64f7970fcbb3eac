/**
 * Teaching mode on the canvas (issue #7 item 7): the timeline's current UPDATE or WITHDRAW travels
 * along its edge from sender to receiver, the receiver shows its Loc-RIB change, and hovering a
 * timeline row marks its sender, receiver and edge.
 */
import { expect, test } from './fixtures';
import type { Locator, Page } from './fixtures';
import { emptyLab } from '../src/model/lab';
import type { Lab } from '../src/model/types';
import { addDevice, connect } from '../src/ui/store/ops';
import { converged, openTab, shot } from './helpers';

/**
 * router1 and router2 (iBGP, AS 65000) both peer eBGP with router3 (AS 65003), which announces
 * client1's subnet; router1 sets local-pref 200 on what router3 sends and next-hop-self towards
 * router2. router2 first prefers its own eBGP path and advertises it to router1; once router1's
 * LOCAL_PREF 200 path arrives (RFC 4271 §9.1.1: higher LOCAL_PREF wins) its best path is
 * iBGP-learned, which it must not advertise to an iBGP peer (RFC 4271 §9.2), so it WITHDRAWs
 * from router1. router1 keeps its LOCAL_PREF 200 path: its Loc-RIB does not change.
 */
function withdrawLab(): Lab {
  let lab = emptyLab('withdraw');
  for (const [x, y] of [
    [0, 0],
    [300, 0],
    [150, 200],
  ] as const)
    lab = addDevice(lab, 'router', { x, y }).lab;
  lab = addDevice(lab, 'client', { x: 150, y: 400 }).lab;
  const asn: Record<string, number> = { router1: 65000, router2: 65000, router3: 65003 };
  lab = {
    ...lab,
    devices: lab.devices.map((d) =>
      d.kind === 'router' && d.bgp ? { ...d, bgp: { ...d.bgp, asn: asn[d.name] ?? 0 } } : d,
    ),
  };
  lab = connect(lab, 'router1', 'router2').lab;
  lab = connect(lab, 'router1', 'router3').lab;
  lab = connect(lab, 'router2', 'router3').lab;
  lab = connect(lab, 'router3', 'client1').lab;
  return {
    ...lab,
    devices: lab.devices.map((d) =>
      d.name === 'router1' && d.kind === 'router' && d.bgp
        ? {
            ...d,
            bgp: {
              ...d.bgp,
              routeMaps: [
                {
                  name: 'LP200',
                  entries: [{ seq: 10, action: 'permit', match: {}, set: { localPref: 200 } }],
                },
              ],
              neighbors: d.bgp.neighbors.map((n) =>
                n.remoteAs === 'internal'
                  ? { ...n, nextHopSelf: true }
                  : n.remoteAs === 65003
                    ? { ...n, routeMapIn: 'LP200' }
                    : n,
              ),
            },
          }
        : d,
    ),
  };
}

async function center(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not on screen');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
}

/** Puts the step's animations (the packet's travel, the badge's fade-in) at `ms`, paused. */
async function animationsAt(page: Page, ms: number | 'end'): Promise<void> {
  await page.evaluate(
    `document.querySelectorAll('[data-testid="step-packet"], .step-after').forEach((e) =>
      e.getAnimations().forEach((a) => { a.pause(); ${ms === 'end' ? 'a.finish()' : `a.currentTime = ${ms}`}; }))`,
  );
}

test('an UPDATE and a WITHDRAW travel along their edges; hovering a row marks its ends', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByTestId('open-input').setInputFiles({
    name: 'withdraw.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(withdrawLab())),
  });
  await expect(page.getByTestId('node-router3')).toBeVisible();
  await expect(page.getByTestId('lab-name')).toHaveValue('withdraw');
  await converged(page);
  await openTab(page, 'timeline');
  const rows = page.getByTestId('timeline-table').locator('tbody tr');
  const update = rows
    .filter({ hasText: 'best path changed for 10.1.0.0/24' })
    .filter({ has: page.locator('td:nth-child(3)', { hasText: 'router1' }) });
  const withdraw = rows.filter({ has: page.locator('td:nth-child(2)', { hasText: 'withdraw' }) });
  await expect(update).toHaveCount(1);
  await expect(withdraw).toHaveCount(1);
  await expect(withdraw).toContainText('router2');

  const r1 = page.getByTestId('node-router1');
  const r2 = page.getByTestId('node-router2');

  // Hovering a row marks sender and receiver (and the edge between them) on the canvas.
  await update.hover();
  await expect(page.getByTestId('hover-from')).toHaveAttribute('data-device', 'router1');
  await expect(page.getByTestId('hover-to')).toHaveAttribute('data-device', 'router2');
  await expect(page.getByTestId('hover-line')).toHaveCount(1);
  const ring = await box(page.getByTestId('hover-from'));
  const node = await box(r1);
  expect(ring.x).toBeLessThan(node.x);
  expect(ring.x + ring.width).toBeGreaterThan(node.x + node.width);
  await shot(page, 'timeline-hover');
  await page.getByTestId('timeline-table').locator('thead').hover();
  await expect(page.getByTestId('hover-from')).toHaveCount(0);

  // Stepping to the UPDATE: the packet leaves router1's handle and arrives at router2's.
  await update.click();
  await page.getByTestId('timeline-table').locator('thead').hover();
  const packet = page.getByTestId('step-packet');
  await expect(packet).toHaveAttribute('data-kind', 'update');
  await expect(packet).toHaveAttribute('data-from', 'router1');
  await expect(packet).toHaveAttribute('data-to', 'router2');
  await expect(packet).toContainText('UPDATE 1');
  const dot = packet.locator('.shape');
  await animationsAt(page, 0);
  const start = await center(dot);
  const b1 = await box(r1);
  expect(Math.abs(start.x - (b1.x + b1.width / 2))).toBeLessThan(4);
  expect(Math.abs(start.y - (b1.y + b1.height))).toBeLessThan(6);
  await animationsAt(page, 210);
  const mid = await center(dot);
  const b2 = await box(r2);
  expect(mid.x).toBeGreaterThan(start.x + 20);
  expect(mid.x).toBeLessThan(b2.x + b2.width / 2 - 20);
  await shot(page, 'timeline-update-in-flight');
  await animationsAt(page, 'end');
  const end = await center(dot);
  expect(Math.abs(end.x - (b2.x + b2.width / 2))).toBeLessThan(4);
  expect(Math.abs(end.y - b2.y)).toBeLessThan(6);
  // router2's Loc-RIB changed: its best path for the prefix is now router1's (LOCAL_PREF 200).
  const badge = page.getByTestId('locrib-change');
  await expect(badge).toHaveAttribute('data-device', 'router2');
  await expect(badge).toHaveAttribute('data-changed', 'yes');
  await expect(badge).toHaveText('router2: Loc-RIB: 1 best path changed — 10.1.0.0/24');
  await expect(badge).toHaveCSS('opacity', '1');
  await expect(r2).toHaveClass(/step-to/);
  const updateColour = await dot.evaluate((e) => getComputedStyle(e).backgroundColor);
  await shot(page, 'timeline-update-arrived');

  // The WITHDRAW travels router2 → router1 and is drawn differently; router1 keeps its best path.
  await withdraw.click();
  await page.getByTestId('timeline-table').locator('thead').hover();
  await expect(packet).toHaveAttribute('data-kind', 'withdraw');
  await expect(packet).toHaveAttribute('data-from', 'router2');
  await expect(packet).toHaveAttribute('data-to', 'router1');
  await expect(packet).toContainText('WITHDRAW 1');
  await expect(dot).toHaveText('×');
  expect(await dot.evaluate((e) => getComputedStyle(e).backgroundColor)).not.toBe(updateColour);
  await animationsAt(page, 'end');
  const back = await center(dot);
  const b1again = await box(r1);
  expect(Math.abs(back.x - (b1again.x + b1again.width / 2))).toBeLessThan(4);
  await expect(badge).toHaveAttribute('data-device', 'router1');
  await expect(badge).toHaveText('router1: Loc-RIB unchanged');
  await shot(page, 'timeline-withdraw-arrived');

  // Back to the end state: nothing travels.
  await page.getByRole('button', { name: 'Last event' }).click();
  await expect(packet).toHaveCount(0);
});

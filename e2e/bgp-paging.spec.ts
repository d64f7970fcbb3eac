/**
 * The BGP table of a big device comes from the worker a page at a time (worker/bgpTable.ts):
 * a leaf of a generated fabric (4 spines, 8 racks of 24 Cilium nodes, each node announcing its
 * pod CIDR and two LoadBalancer /32s) learns every remote prefix over all four spines, well over
 * a thousand paths. Rows far past the first page must still be there when scrolled to, the filter
 * must find a prefix that only the last page holds, and Copy must copy the whole table. The same
 * lab has too many endpoints for a <select>: the trace source is typed, with matching suggestions.
 */
import { buildFabric } from '../bench/fabric';
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { converged, openTab } from './helpers';

const lab = buildFabric({
  name: 'paging',
  superSpines: 0,
  pods: 1,
  spinesPerPod: 4,
  leavesPerPod: 8,
  nodesPerLeaf: 24,
  lbPerNode: 2,
  defaultOnlyToNodes: true,
});

async function openLab(page: Page): Promise<void> {
  await page.addInitScript(`window.routelabBenchLab = ${JSON.stringify(lab)};`);
  await page.goto('/?bench');
  await converged(page);
}

async function openLeafTable(page: Page): Promise<number> {
  await openLab(page);
  await openTab(page, 'bgp');
  const picker = page.getByTestId('view-device');
  // A big lab's picker makes its options when first used.
  await picker.focus();
  await picker.selectOption('p1-leaf1');
  const table = page.getByTestId('bgp-table');
  await expect(page.getByTestId('bgp-row').first()).toBeVisible();
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
  return Number(await table.getAttribute('data-rows'));
}

/** Scrolls the table's scroll container to its bottom. */
async function scrollToBottom(page: Page): Promise<void> {
  await page.getByTestId('bgp-table').evaluate((t) => {
    let p = t.parentElement;
    while (p && !/(auto|scroll)/.test(getComputedStyle(p).overflowY)) p = p.parentElement;
    if (p) p.scrollTop = p.scrollHeight;
  });
}

test('a big BGP table scrolls, filters and copies past its first page', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const total = await openLeafTable(page);
  // 168 remote nodes × 3 prefixes × 4 spines, plus the rack's own: far more than one page.
  expect(total).toBeGreaterThan(168 * 3 * 4);
  // Only the rows around the viewport are in the DOM.
  expect(await page.getByTestId('bgp-row').count()).toBeLessThan(100);

  await scrollToBottom(page);
  const last = page.locator(`[data-testid="bgp-row"][data-index="${total - 1}"]`);
  await expect(last).toBeVisible();
  const lastPrefix = (await last.getAttribute('data-prefix')) ?? '';
  expect(lastPrefix).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
  await page.getByTestId('filter').fill(lastPrefix);
  const table = page.getByTestId('bgp-table');
  await expect(table).not.toHaveAttribute('aria-busy', 'true');
  const matched = Number(await table.getAttribute('data-rows'));
  expect(matched).toBeGreaterThan(0);
  expect(matched).toBeLessThan(10);
  await expect(page.getByTestId('bgp-row')).toHaveCount(matched);
  for (const p of await page
    .getByTestId('bgp-row')
    .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-prefix'))))
    expect(p).toBe(lastPrefix);

  // The detail pane reads the prefix from the worker too.
  await page.getByTestId('bgp-row').first().click();
  await expect(page.getByTestId('bgp-detail')).toContainText(
    `BGP routing table entry for ${lastPrefix}`,
  );

  // Copy: every row, not the page on screen.
  await page.getByTestId('filter').fill('');
  await expect(table).toHaveAttribute('data-rows', String(total));
  await page.getByTestId('copy-bgp').click();
  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  await expect.poll(clip).toMatch(new RegExp(`and ${total} total paths$`));
  const text = await clip();
  expect(text).toContain(` ${lastPrefix} `);
  const shown = (await page.getByTestId('bgp-row').first().getAttribute('data-prefix')) ?? '';
  expect(text).toContain(` ${shown} `);
});

test("a big lab's trace source is typed, with matching suggestions", async ({ page }) => {
  await openLab(page);
  await openTab(page, 'trace');
  const from = page.getByTestId('trace-from');
  await from.fill('r3-node1');
  // Only the matches are offered: r3-node1 and r3-node10 … r3-node19 (and their pods).
  const offered = await page
    .locator('#trace-sources option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toContain('r3-node1');
  expect(offered.every((v) => v.includes('r3-node1'))).toBe(true);
  expect(offered).toContain('r3-node19');
  expect(offered).not.toContain('r3-node2');
  await page.getByTestId('trace-to').fill('r5-node2');
  await expect(page.getByTestId('trace-run')).toBeEnabled();
  // A name that is no endpoint cannot be traced from.
  await from.fill('r3-node99');
  await expect(from).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('trace-run')).toBeDisabled();
  await from.fill('r3-node1');
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-result')).toBeVisible();
  await expect(page.getByTestId('trace-result')).toContainText(
    'traceroute from r3-node1 to r5-node2',
  );
});

/**
 * The inspector's policy and cluster forms as a user drives them, and the Copy buttons:
 * - a route-map written in the inspector (set local-preference 200, applied in from spine1)
 *   turns leaf1's ECMP pair for a remote pod CIDR into a single best path with LocPrf 200
 *   (RFC 4271 9.1.2.2: the highest LOCAL_PREF wins before any tie-break, so no multipath);
 * - a prefix-list range FRR refuses (`le 20` on a /24) is refused with the reason, and flipping the
 *   entry to deny drops spine1's path (FRR: a route-map entry matching nothing falls through to
 *   the implicit deny); undo restores it;
 * - the cluster form validates as typed and a warning in Problems jumps to the cluster;
 * - Copy puts FRR-style text on the clipboard.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { converged, openFileMenu, openTab, shot } from './helpers';

async function wizardFabric(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openFileMenu(page);
  await page.getByTestId('menu-wizard').click();
  await page.getByTestId('wizard-spines').fill('2');
  await page.getByTestId('wizard-leaves').fill('2');
  await page.getByTestId('wizard-nodesPerLeaf').fill('1');
  await page.getByTestId('wizard-create').click();
  await expect(page.locator('.react-flow__node-device')).toHaveCount(2 + 2 + 2);
  await converged(page);
}

/** The remote pod CIDR leaf1 reaches over both spines (its `*=` row before any policy). */
async function ecmpPrefix(page: Page): Promise<string> {
  const row = page.locator('[data-testid="bgp-row"][data-status="*="]').first();
  await expect(row).toBeVisible();
  return (await row.getAttribute('data-prefix')) ?? '';
}

test('route-map and prefix-list edited in the inspector change the BGP table', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await wizardFabric(page);
  await page.getByTestId('node-leaf1').click();
  await expect(page.getByTestId('inspector-device')).toBeVisible();
  await openTab(page, 'bgp');
  const prefix = await ecmpPrefix(page);
  const rows = page.locator(`[data-testid="bgp-row"][data-prefix="${prefix}"]`);
  await expect(rows).toHaveCount(2);

  // route-map LP permit 10: set local-preference 200.
  await page.getByTestId('section-route-maps').locator('summary').click();
  await page.getByTestId('rm-name').fill('LP');
  await page.getByTestId('rm-add').click();
  const lp = page.getByTestId('rm-LP-10-localPref');
  await lp.fill('abc');
  await expect(page.getByTestId('rm-LP-10-localPref-error')).toContainText('whole number');
  await lp.fill('200');
  await lp.press('Enter');
  // Applied in from spine1 (leaf1's first neighbour).
  await page.getByTestId('neighbor-more').first().click();
  await page.getByTestId('nb-0-routeMapIn').selectOption('LP');
  await converged(page);
  await expect(rows.filter({ hasText: '200' })).toHaveAttribute('data-status', '*>');
  await expect(
    page.locator(`[data-testid="bgp-row"][data-prefix="${prefix}"][data-status="*="]`),
  ).toHaveCount(0);
  await shot(page, 'inspector-route-map');

  // prefix-list ONE: only the remote pod CIDR, matched by the route-map entry.
  await page.getByTestId('section-prefix-lists').locator('summary').click();
  await page.getByTestId('pl-name').fill('ONE');
  await page.getByTestId('pl-add').click();
  await page.getByTestId('pl-ONE-add-entry').click();
  const plPrefix = page.getByTestId('pl-ONE-0-prefix');
  await plPrefix.fill(prefix);
  await plPrefix.press('Enter');
  // FRR: mask length <= ge <= le; `le 20` on a /24 is refused with the reason, not applied.
  const le = page.getByTestId('pl-ONE-0-le');
  await le.fill('20');
  await expect(page.getByTestId('pl-entry').getByRole('alert')).toContainText(
    'invalid prefix range',
  );
  await le.fill('');
  await le.press('Enter');
  await page.getByTestId('rm-LP-10-matchPrefixList').selectOption('ONE');
  await converged(page);
  await expect(rows.filter({ hasText: '200' })).toHaveCount(1);
  await shot(page, 'inspector-prefix-list');

  // AS_TRANS in a prepend is a warning in Problems; clicking it from elsewhere reopens leaf1's
  // route-map section at that entry.
  const prepend = page.getByTestId('rm-LP-10-asPathPrepend');
  await prepend.fill('23456');
  await prepend.press('Enter');
  await page.getByTestId('section-route-maps').locator('summary').click();
  await page.getByTestId('node-spine1').click();
  await openTab(page, 'problems');
  await page
    .locator('[data-testid="problem"][data-path="devices/leaf1/bgp/routeMaps/LP/10"]')
    .click();
  await expect(page.getByTestId('section-route-maps')).toHaveAttribute('open', '');
  await expect(page.getByTestId('rm-entry').first()).toHaveClass(/flash/);
  await expect(prepend).toBeInViewport();
  await shot(page, 'inspector-route-map-entry');
  await prepend.fill('');
  await prepend.press('Enter');
  await openTab(page, 'bgp');

  // deny: spine1's path for the prefix is filtered; only spine2's is left.
  await page.getByTestId('section-prefix-lists').locator('summary').click();
  await page.getByTestId('pl-ONE-0-action').selectOption('deny');
  await converged(page);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-status', '*>');
  await expect(rows.filter({ hasText: '200' })).toHaveCount(0);

  // One undo step brings the permit (and LocPrf 200) back.
  await page.getByTestId('tab-bgp').click();
  await page.keyboard.press('Control+z');
  await converged(page);
  await expect(rows.filter({ hasText: '200' })).toHaveCount(1);
  await expect(page.getByTestId('pl-ONE-0-action')).toHaveValue('permit');
  expect(errors).toEqual([]);
});

test('Copy puts FRR-style text on the clipboard', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await wizardFabric(page);
  await page.getByTestId('node-leaf1').click();
  await openTab(page, 'sessions');
  await page.getByTestId('copy-sessions').click();
  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  await expect.poll(clip).toContain('Total number of neighbors 3 (3 Established)');
  expect(await clip()).toContain(
    'Neighbor        Device         V         AS State/PfxRcd   PfxSnt  Reason',
  );
  await openTab(page, 'bgp');
  await ecmpPrefix(page);
  await page.getByTestId('copy-bgp').click();
  await expect
    .poll(clip)
    .toContain('   Network          Next Hop            Metric LocPrf Weight Path');
  expect(await clip()).toMatch(/^\*= 10\.244\.\d+\.0\/24 /m);
  // The filter applies to what is copied.
  await page.getByTestId('filter').fill('*=');
  await page.getByTestId('copy-bgp').click();
  await expect.poll(clip).toMatch(/Displayed {2}1 routes and 1 total paths/);
  await openTab(page, 'fib');
  await page.getByTestId('copy-fib').click();
  await expect.poll(clip).toMatch(/\tnexthop via 10\.0\.\d+\.\d+ dev eth\d weight 1/);
});

test('cluster form validates as typed; a cluster warning jumps to it', async ({ page }) => {
  await wizardFabric(page);
  await page.keyboard.press('Escape');
  await page.getByTestId('lab-cluster').click();
  await expect(page.getByTestId('inspector-cluster')).toBeVisible();
  const pods = page.getByTestId('cluster-pod-cidr');
  await pods.fill('10.96.0.0/16');
  await expect(page.getByTestId('cluster-pod-cidr-error')).toContainText('overlaps');
  await pods.press('Escape');
  await page.getByTestId('cluster-cilium-version').fill('1.15.7');
  await page.getByTestId('cluster-cilium-version').press('Enter');
  await page.getByTestId('cluster-bgp-api').selectOption('bgpv2');
  await expect(page.getByRole('status').or(page.locator('.toast'))).toContainText('1.16');
  await expect(page.getByTestId('cluster-bgp-api')).toHaveValue('peering-policy');
  await shot(page, 'inspector-cluster');

  // bgpApi none: Cilium's policies are ignored (a warning), every node session goes down.
  await page.getByTestId('cluster-bgp-api').selectOption('none');
  await converged(page);
  await page.getByTestId('node-spine1').click();
  await openTab(page, 'problems');
  const warning = page.locator('[data-testid="problem"][data-path^="clusters/"]').first();
  await expect(warning).toContainText('ignored');
  await warning.click();
  await expect(page.getByTestId('inspector-cluster')).toBeVisible();

  // Switching the CNI carries the peerings over: all sessions up again with Calico.
  await page.getByTestId('cluster-cni').selectOption('calico');
  await converged(page);
  await openTab(page, 'sessions');
  await page.getByTestId('sessions-all').check();
  await expect(page.getByTestId('sessions-count')).toHaveText('12/12 Established');
  await page.getByTestId('lb-pool-add').click();
  const pool = page.getByTestId('lb-pool-0-cidr');
  await pool.fill('10.244.7.0/28');
  await expect(page.getByTestId('lb-pool').getByRole('alert')).toContainText('overlaps');
  await pool.fill('172.18.255.0/28');
  await pool.press('Enter');
  await expect(page.getByTestId('lb-pool').getByRole('alert')).toHaveCount(0);
  await shot(page, 'inspector-cluster-calico');
});

test('expectations follow the timeline step, and are reachable with a device selected', async ({
  page,
}) => {
  await page.goto('/?lab=cilium-frr-tor');
  await page.getByTestId('example-step').selectOption('after-policies');
  await expect(page.getByTestId('tab-sessions')).toContainText('12/12');
  await converged(page);
  const badge = page.getByTestId('expectations');
  await expect(badge).toHaveText(/expectations (\d+)\/\1 hold$/);
  await page.getByTestId('node-tor0').click();
  await page.getByTestId('inspector-tab-expectations').click();
  await expect(page.getByTestId('inspector-expectations')).toBeVisible();
  await expect(
    page.getByTestId('inspector-expectations').getByTestId('expectation-row').first(),
  ).toHaveAttribute('data-ok', 'yes');
  await openTab(page, 'timeline');
  await page.getByRole('button', { name: 'First event' }).click();
  await expect(badge).toHaveAttribute('data-event', '1');
  await expect(page.getByTestId('expectations-step')).toContainText('event 1');
  // At the first event no route has arrived yet: the step's verdicts are not the end state's.
  await expect(
    page.locator(
      '[data-testid="inspector-expectations"] [data-testid="expectation-row"][data-ok="no"]',
    ),
  ).not.toHaveCount(0);
  await expect(badge).not.toHaveText(/expectations (\d+)\/\1 hold/);
  await shot(page, 'inspector-expectations-step');
  await page.getByRole('button', { name: 'Last event' }).click();
  await expect(badge).toHaveAttribute('data-event', '');
  await expect(badge).toHaveText(/expectations (\d+)\/\1 hold$/);
});

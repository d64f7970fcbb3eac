/**
 * The main user story, drawn from the palette (no fixture): 2 spines, 2 leaves, 4 Cilium nodes,
 * linked by dragging between handles; sessions come up; a leaf's BGP table shows a remote pod
 * CIDR with two ECMP next hops (one per spine); a pod-to-pod trace has two branches on the canvas;
 * failing a spine link shows the diff; undo restores it; a reload restores the lab.
 */
import { expect, test } from './fixtures';
import { clickLink, converged, link, openEmpty, openTab, shot } from './helpers';

test('build a fabric from the palette, trace, fail, undo, reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openEmpty(page);
  for (const kind of [
    'spine',
    'spine',
    'leaf',
    'leaf',
    'cilium-node',
    'cilium-node',
    'cilium-node',
    'cilium-node',
  ])
    await page.getByTestId(`palette-${kind}`).click();
  await page.getByTestId('canvas').click({ position: { x: 600, y: 20 } });
  await page.keyboard.press('f');
  await page.waitForTimeout(400);
  for (const n of ['spine1', 'spine2', 'leaf1', 'leaf2', 'node1', 'node2', 'node3', 'node4'])
    await expect(page.getByTestId(`node-${n}`)).toBeVisible();

  const links: [string, string][] = [
    ['leaf1', 'spine1'],
    ['leaf1', 'spine2'],
    ['leaf2', 'spine1'],
    ['leaf2', 'spine2'],
    ['node1', 'leaf1'],
    ['node2', 'leaf1'],
    ['node3', 'leaf2'],
    ['node4', 'leaf2'],
  ];
  for (const [a, b] of links) await link(page, a, b);
  await expect(page.locator('.react-flow__edge')).toHaveCount(8);
  // Tidy up with the layered auto-layout (one undo step), as a user would before reading.
  const before = await page.getByTestId('node-node4').boundingBox();
  await page.getByRole('button', { name: 'Layout' }).click();
  await expect
    .poll(async () => (await page.getByTestId('node-node4').boundingBox())?.x)
    .not.toBe(before?.x);
  await page.waitForTimeout(400);

  // Sessions: 4 spine–leaf links and 4 leaf–node links, each seen from both ends.
  await converged(page);
  await openTab(page, 'sessions');
  await page.getByTestId('sessions-all').check();
  await expect(page.getByTestId('sessions-count')).toHaveText('16/16 Established');
  await expect(page.getByTestId('health-leaf1')).toHaveText('4/4');
  await shot(page, 'fabric-sessions');

  // node3's pod CIDR, as the inspector shows it.
  await page.getByTestId('node-node3').click();
  const podCidr =
    (
      await page
        .getByTestId('inspector-device')
        .locator('tr', { hasText: 'pod CIDRs' })
        .locator('td')
        .nth(1)
        .textContent()
    )?.trim() ?? '';
  expect(podCidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);

  await page.getByTestId('node-leaf1').click();
  await openTab(page, 'bgp');
  const rows = page.locator(`[data-testid="bgp-row"][data-prefix="${podCidr}"]`);
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute('data-status', /^\*[>=]$/);
  await expect(rows.nth(1)).toHaveAttribute('data-status', /^\*[>=]$/);
  const statuses = [
    await rows.nth(0).getAttribute('data-status'),
    await rows.nth(1).getAttribute('data-status'),
  ].sort();
  expect(statuses).toEqual(['*=', '*>']);
  await rows.nth(0).click();
  await expect(page.getByTestId('bgp-detail')).toContainText(
    `BGP routing table entry for ${podCidr}`,
  );
  await expect(page.getByTestId('bgp-detail')).toContainText('multipath');
  await shot(page, 'fabric-bgp-table');

  // Pod to pod: node1's pod → node3's pod splits over both spines.
  await openTab(page, 'trace');
  await page.getByTestId('trace-from').selectOption('node1/node1-pod');
  await page.getByTestId('trace-to').fill('node3/node3-pod');
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-path')).toHaveCount(2);
  await expect(page.getByTestId('trace-path').first()).toHaveAttribute('data-end', 'delivered');
  await expect(page.getByTestId('trace-path').nth(1)).toHaveAttribute('data-end', 'delivered');
  await expect(page.locator('[data-testid^="link-"][data-trace="yes"]')).toHaveCount(6);
  await expect(page.getByTestId('node-spine1')).toHaveClass(/on-trace/);
  await expect(page.getByTestId('node-spine2')).toHaveClass(/on-trace/);
  await shot(page, 'fabric-trace');

  // Fail leaf1–spine1 by clicking it in fail mode.
  const spineLink = 'leaf1:eth1--spine1:eth1';
  await page.getByTestId('fail-mode').click();
  await clickLink(page, 'spine1', 'leaf1');
  await expect(page.getByTestId(`link-${spineLink}`)).toHaveAttribute('data-state', 'failed');
  await converged(page);
  await openTab(page, 'diff');
  await expect(
    page.getByTestId('diff-routes').locator('tr', { hasText: podCidr }).first(),
  ).toBeVisible();
  await expect(page.getByTestId('diff-summary')).toContainText('changed');
  await shot(page, 'fabric-diff');
  await page.getByTestId('fail-mode').click();

  // Undo brings the link back.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId(`link-${spineLink}`)).toHaveAttribute('data-state', 'up');
  await converged(page);
  await openTab(page, 'sessions');
  await page.getByTestId('sessions-all').check();
  await expect(page.getByTestId('sessions-count')).toHaveText('16/16 Established');

  // Reload: the autosaved lab comes back.
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-saved', 'yes');
  await page.reload();
  await expect(page.getByTestId('node-node4')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(8);
  await converged(page);
  await expect(page.getByTestId(`link-${spineLink}`)).toHaveAttribute('data-state', 'up');
  expect(errors).toEqual([]);
});

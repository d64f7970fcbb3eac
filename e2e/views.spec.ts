/** Timeline stepping, config views, and screenshots of the main views of a built-in lab. */
import { expect, test } from './fixtures';
import { converged, openFileMenu, openTab, shot } from './helpers';

test('step through the timeline', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/?lab=cilium-frr-tor');
  await converged(page);
  await openTab(page, 'timeline');
  const pos = page.getByTestId('timeline-position');
  const total = Number(/\/ (\d+)/.exec((await pos.textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(3);
  await expect(pos).toHaveText(`event ${total} / ${total}`);
  await page.getByTestId('step-back').click();
  await expect(pos).toHaveText(`event ${total - 1} / ${total}`);
  await page.getByRole('button', { name: 'First event' }).click();
  await expect(pos).toHaveText(`event 1 / ${total}`);
  await page.getByTestId('step-fwd').click();
  await page.getByTestId('step-fwd').click();
  await expect(pos).toHaveText(`event 3 / ${total}`);
  await expect(page.getByTestId('timeline-current')).not.toBeEmpty();
  // The event's link and receiver are highlighted on the canvas.
  await expect(page.locator('path.react-flow__edge-path.stepping')).toHaveCount(1);
  await expect(page.locator('.dev.step-to')).toHaveCount(1);
  await shot(page, 'timeline');
  await page.getByTestId('play').click();
  await expect(pos).toHaveText(`event ${total} / ${total}`, { timeout: total * 600 + 5000 });
  // Copy gives the whole log, one event a line.
  await page.getByTestId('copy-timeline').click();
  const clip = () => page.evaluate(() => navigator.clipboard.readText());
  await expect.poll(async () => (await clip()).split('\n').length).toBe(total);
  expect(await clip()).toMatch(/^ {4}1 {2}session-up {4}\S+ → \S+ {2}/);
});

test('screenshots of the main views', async ({ page }) => {
  await page.goto('/?lab=cilium-frr-tor');
  await converged(page);
  await shot(page, 'overview');
  await page.getByTestId('node-tor0').click();
  await openTab(page, 'bgp');
  await page.getByTestId('bgp-row').first().click();
  await expect(page.getByTestId('bgp-detail')).toBeVisible();
  await shot(page, 'bgp-table');
  // "Why?" about a prefix tor0 lacks: the pod CIDR of a node that does not speak BGP yet.
  await page.getByTestId('explain-prefix').fill('10.1.0.0/24');
  await page.getByTestId('explain-run').click();
  await expect(page.getByTestId('explanation')).not.toBeEmpty();
  await shot(page, 'explain');
  await openTab(page, 'trace');
  await page.getByTestId('reach-run').click();
  await expect(page.getByTestId('reach-matrix')).toBeVisible();
  await expect(page.getByTestId('reach-matrix').locator('tbody tr')).not.toHaveCount(0);
  await shot(page, 'reach-matrix');
  await openTab(page, 'fib');
  await expect(page.getByTestId('fib-table')).toBeVisible();
  await shot(page, 'fib');
  await openTab(page, 'problems');
  await shot(page, 'problems');
  await openTab(page, 'config');
  await expect(page.getByTestId('config-editor')).toHaveAttribute('data-ready', 'yes');
  await expect(page.getByTestId('config-editor')).toContainText('hostname tor0');
  await shot(page, 'config');
  await openTab(page, 'yaml');
  await expect(page.getByTestId('yaml-editor')).toHaveAttribute('data-ready', 'yes');
  await expect(page.getByTestId('yaml-editor')).toContainText('schemaVersion');
  await shot(page, 'lab-yaml');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Toggle theme' }).click();
  await openTab(page, 'sessions');
  await shot(page, 'dark');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.keyboard.press('f');
  await page.waitForTimeout(300);
  await shot(page, 'overview-1920');
});

test('new fabric wizard builds a fabric that converges', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openFileMenu(page);
  await page.getByTestId('menu-wizard').click();
  await page.getByTestId('wizard-leaves').fill('3');
  await page.getByTestId('wizard-nodesPerLeaf').fill('0');
  await expect(page.getByTestId('wizard-create')).toBeEnabled();
  await page.getByTestId('wizard-spines').fill('0');
  await expect(page.getByRole('alert')).toContainText('spines');
  await expect(page.getByTestId('wizard-create')).toBeDisabled();
  await page.getByTestId('wizard-spines').fill('2');
  await page.getByTestId('wizard-nodesPerLeaf').fill('2');
  await shot(page, 'wizard');
  await page.getByTestId('wizard-create').click();
  await expect(page.locator('.react-flow__node-device')).toHaveCount(2 + 3 + 6);
  await converged(page);
  await openTab(page, 'sessions');
  await page.getByTestId('sessions-all').check();
  // 6 spine–leaf links and 6 leaf–node links, each seen from both ends.
  await expect(page.getByTestId('sessions-count')).toHaveText('24/24 Established');
  await shot(page, 'wizard-fabric');

  // The same fabric as one AS with spines reflecting for leaves and leaves for their nodes.
  await openFileMenu(page);
  await page.getByTestId('menu-wizard').click();
  await page.getByTestId('wizard-leaves').fill('3');
  await page.getByTestId('wizard-scheme').selectOption('ibgp-rr');
  await page.getByTestId('wizard-cilium-api').selectOption('bgpv2');
  await shot(page, 'wizard-ibgp-rr');
  await page.getByTestId('wizard-create').click();
  await expect(page.locator('.react-flow__node-device')).toHaveCount(2 + 3 + 6);
  await converged(page);
  await openTab(page, 'sessions');
  await page.getByTestId('sessions-all').check();
  await expect(page.getByTestId('sessions-count')).toHaveText('24/24 Established');

  // Calico's "downward default" model: nodes in AS 64512 peer their leaf only, and the leaves
  // send them just 0.0.0.0/0; every session is up and a pod reaches a pod in another rack.
  await openFileMenu(page);
  await page.getByTestId('menu-wizard').click();
  await page.getByTestId('wizard-leaves').fill('3');
  await page.getByTestId('wizard-scheme').selectOption('calico-downward-default');
  await expect(page.getByTestId('wizard-cni')).toHaveValue('calico');
  await expect(page.getByTestId('wizard-cni')).toBeDisabled();
  await shot(page, 'wizard-calico-downward-default');
  await page.getByTestId('wizard-create').click();
  await expect(page.locator('.react-flow__node-device')).toHaveCount(2 + 3 + 6);
  await converged(page);
  await page.getByTestId('sessions-all').check();
  await expect(page.getByTestId('sessions-count')).toHaveText('24/24 Established');
  await page.getByTestId('node-cnode1').click();
  await openTab(page, 'bgp');
  // The node's table: its own block and the leaf's default, nothing else.
  await expect(page.locator('[data-testid="bgp-row"][data-prefix="0.0.0.0/0"]')).toHaveCount(1);
  await expect(page.getByTestId('bgp-row')).toHaveCount(2);
  await openTab(page, 'trace');
  const pods = await page
    .getByTestId('trace-from')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const pod = (node: string) => pods.find((v) => v.startsWith(`${node}/`)) ?? '';
  await page.getByTestId('trace-from').selectOption(pod('cnode1'));
  await page.getByTestId('trace-to').fill(pod('cnode6'));
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-path').first()).toHaveAttribute('data-end', 'delivered');
  await shot(page, 'wizard-calico-downward-default-trace');
});

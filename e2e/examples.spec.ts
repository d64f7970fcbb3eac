/**
 * The five built-in field labs (issue 8), opened by URL as a user would from a link: the page shows
 * the write-up's description and "what you should see", the steps/variants switch in the
 * inspector, every expectation holds, and the write-ups' key observations are read off the page
 * (sessions, BGP table, FIB, traceroute). The observations come from the write-ups in
 * shared/seeds/ (000…004), not from routelab's output.
 */
import { expect, test } from './fixtures';
import type { Page } from './fixtures';
import { getExample } from '../src/model/examples';
import { converged, openTab, shot } from './helpers';

/** Checks the guide shows the example's texts for this step and that all expectations hold. */
async function showsStep(page: Page, exampleId: string, stepId: string): Promise<void> {
  const ex = getExample(exampleId);
  const step = ex?.steps.find((s) => s.id === stepId);
  if (!ex || !step) throw new Error(`no example ${exampleId}/${stepId}`);
  const guide = page.getByTestId('example-guide');
  await expect(guide).toHaveAttribute('data-example', exampleId);
  await expect(page.getByTestId('example-title')).toHaveText(ex.title);
  await expect(page.getByTestId('example-description')).toHaveText(ex.description);
  if (ex.steps.length > 1) await expect(page.getByTestId('example-step')).toHaveValue(stepId);
  await expect(page.getByTestId('example-see').locator('li')).toHaveText(step.whatYouShouldSee);
  await converged(page);
  const n = step.lab.expectations.length;
  await expect(page.getByTestId('expectations')).toHaveText(`expectations ${n}/${n} hold`);
  await expect(page.locator('[data-testid="expectation-row"][data-ok="yes"]')).toHaveCount(n);
}

async function open(page: Page, exampleId: string, stepId: string): Promise<void> {
  await page.goto(`/?lab=${exampleId}`);
  await showsStep(page, exampleId, stepId);
}

async function switchStep(page: Page, exampleId: string, stepId: string): Promise<void> {
  await page.getByTestId('example-step').selectOption(stepId);
  await showsStep(page, exampleId, stepId);
}

async function trace(page: Page, from: string, to: string): Promise<void> {
  await openTab(page, 'trace');
  await page.getByTestId('trace-from').selectOption(from);
  await page.getByTestId('trace-to').fill(to);
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-result')).toContainText(`traceroute from ${from} to ${to}`);
}

/** One traceroute line as the Trace panel prints it: TTL, answering address, device. */
const hop = (ttl: number, address: string, device: string): RegExp =>
  new RegExp(`^\\s*${ttl}\\s+${address.replace(/\./g, '\\.')}\\s+${device}\\b`, 'm');

async function fibRow(page: Page, device: string, prefix: string) {
  await openTab(page, 'fib');
  await page.getByTestId('view-device').selectOption(device);
  return page.getByTestId('fib-table').locator(`tr[data-prefix="${prefix}"]`);
}

/** The Sessions tab, listing every device's sessions. */
async function allSessions(page: Page): Promise<void> {
  await openTab(page, 'sessions');
  await page.getByTestId('sessions-all').check();
}

const sessions = (page: Page, device: string) =>
  page.locator(`[data-testid="session-row"][data-device="${device}"]`);

test('cilium-frr-tor: node sessions come up with the policies; pod routes and trace', async ({
  page,
}) => {
  await open(page, 'cilium-frr-tor', 'before-policies');
  // Before the CiliumBGPPeeringPolicy: the ToRs' sessions to the nodes are not established.
  await allSessions(page);
  for (const [tor, node] of [
    ['tor0', '10.0.1.2'],
    ['tor0', '10.0.2.2'],
    ['tor1', '10.0.3.2'],
    ['tor1', '10.0.4.2'],
  ] as const) {
    const row = sessions(page, tor).filter({ hasText: node });
    await expect(row).toHaveCount(1);
    await expect(row).not.toHaveAttribute('data-state', 'Established');
  }
  await page.getByTestId('node-router0').click();
  await openTab(page, 'bgp');
  await expect(page.locator('[data-testid="bgp-row"][data-prefix^="10.1."]')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await shot(page, 'example-frr-tor-before');

  await switchStep(page, 'cilium-frr-tor', 'after-policies');
  await allSessions(page);
  for (const tor of ['tor0', 'tor1'])
    await expect(sessions(page, tor).and(page.locator('[data-state="Established"]'))).toHaveCount(
      3,
    );
  // router0 has the four pod /24s.
  await page.getByTestId('node-router0').click();
  await openTab(page, 'bgp');
  for (const p of ['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24', '10.1.3.0/24'])
    await expect(
      page.locator(`[data-testid="bgp-row"][data-prefix="${p}"][data-status="*>"]`),
    ).toHaveCount(1);
  // rack0 pod → rack1 pod: tor0, router0, tor1; router0 and tor1 answer from their loopbacks.
  await page.keyboard.press('Escape');
  await trace(page, 'server1/nettool-1', 'server3/nettool-2');
  const path = page.getByTestId('trace-path');
  await expect(path).toHaveCount(1);
  await expect(path).toHaveAttribute('data-end', 'delivered');
  await expect(path).toHaveText(hop(2, '10.0.2.1', 'tor0'));
  await expect(path).toHaveText(hop(3, '10.0.0.0', 'router0'));
  await expect(path).toHaveText(hop(4, '10.0.0.2', 'tor1'));
  await expect(path).toHaveText(hop(5, '10.0.4.2', 'server3'));
  await shot(page, 'example-frr-tor-trace');
});

test('vyos-spine-leaf-rr: one spine to rack1, two with multipath-relax', async ({ page }) => {
  await open(page, 'vyos-spine-leaf-rr', 'before-policies');
  // Underlay traceroute 10.0.5.11 → 10.0.10.11 as in the write-up.
  await trace(page, 'control-plane', '10.0.10.11');
  const under = page.getByTestId('trace-path');
  await expect(under).toHaveCount(1);
  await expect(under).toHaveText(hop(1, '10.0.5.1', 'leaf01'));
  await expect(under).toHaveText(hop(2, '10.0.101.1', 'spine01'));
  await expect(under).toHaveText(hop(3, '10.0.104.2', 'leaf02'));
  await expect(under).toHaveText(hop(4, '10.0.10.11', 'worker2'));
  // spine01 has no pod /24 before the policies.
  await expect(await fibRow(page, 'spine01', '10.1.1.0/24')).toHaveCount(0);

  await switchStep(page, 'vyos-spine-leaf-rr', 'after-policies');
  // A rack0 node's session to 10.0.5.1: Established, 6 prefixes received, 1 advertised.
  await allSessions(page);
  const cp = sessions(page, 'control-plane').filter({ hasText: '10.0.5.1' });
  await expect(cp).toHaveAttribute('data-state', 'Established');
  await expect(cp.locator('td').nth(6)).toHaveText('6');
  await expect(cp.locator('td').nth(7)).toHaveText('1');
  for (const p of ['10.1.0.0/24', '10.1.1.0/24', '10.1.2.0/24', '10.1.3.0/24'])
    await expect(await fibRow(page, 'spine01', p)).toHaveCount(1);
  for (const p of ['10.1.1.0/24', '10.1.2.0/24']) {
    const row = await fibRow(page, 'leaf01', p);
    await expect(row).toContainText('spine01');
    await expect(row).not.toContainText('spine02');
  }
  await shot(page, 'example-vyos-one-spine');

  await switchStep(page, 'vyos-spine-leaf-rr', 'multipath-relax');
  for (const p of ['10.1.1.0/24', '10.1.2.0/24']) {
    const row = await fibRow(page, 'leaf01', p);
    await expect(row).toContainText('spine01');
    await expect(row).toContainText('spine02');
  }
  await trace(page, 'leaf01', 'worker2/test-client-ggxw8');
  await expect(page.getByTestId('trace-path')).toHaveCount(2);
  // One flow takes one of the two branches.
  await page.getByTestId('trace-single').check();
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-path')).toHaveCount(1);
  await expect(page.getByTestId('trace-path')).toHaveAttribute('data-end', 'delivered');
  await page.getByTestId('trace-single').uncheck();
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-path')).toHaveCount(2);
  await expect(page.getByTestId('node-spine01')).toHaveClass(/on-trace/);
  await expect(page.getByTestId('node-spine02')).toHaveClass(/on-trace/);
  await shot(page, 'example-vyos-multipath');
});

test('cilium-bird-nodes: pods reach across subnets only with BIRD; LB ECMP', async ({ page }) => {
  await open(page, 'cilium-bird-nodes', 'no-bird');
  await trace(page, 'node1/node1-pod', 'node2/node2-pod');
  await expect(page.getByTestId('trace-path')).toHaveCount(1);
  await expect(page.getByTestId('trace-path')).not.toHaveAttribute('data-end', 'delivered');

  await switchStep(page, 'cilium-bird-nodes', 'bird');
  await expect(await fibRow(page, 'router', '172.31.254.0/26')).toContainText('node1');
  await expect(await fibRow(page, 'router', '172.31.254.64/26')).toContainText('node2');
  await trace(page, 'node1/node1-pod', 'node2/node2-pod');
  const path = page.getByTestId('trace-path');
  await expect(path).toHaveAttribute('data-end', 'delivered');
  await expect(path).toHaveText(hop(2, '10.0.1.2', 'router'));
  await shot(page, 'example-bird-nodes');

  await switchStep(page, 'cilium-bird-nodes', 'metallb-ecmp');
  const lb = await fibRow(page, 'router', '192.0.2.0/32');
  await expect(lb).toContainText('node1');
  await expect(lb).toContainText('node2');
});

test('cilium-legacy-bgp: same segment node to node, other segment via gateways', async ({
  page,
}) => {
  await open(page, 'cilium-legacy-bgp', 'main');
  // Peers from the bgp-config selectors: the 83 segment's nodes get four, the 94 ones two.
  await allSessions(page);
  await expect(sessions(page, 'node94-1')).toHaveCount(2);
  await expect(sessions(page, 'node83-1')).toHaveCount(4);
  await trace(page, 'node94-1/node94-1-pod', '10.5.114.1');
  const direct = page.getByTestId('trace-path');
  await expect(direct).toHaveAttribute('data-end', 'delivered');
  await expect(direct).toHaveText(hop(2, '10.4.94.12', 'node94-2'));
  await expect(direct).not.toContainText('gw94');
  await trace(page, 'node94-1/node94-1-pod', '10.5.119.30');
  const across = page.getByTestId('trace-path');
  await expect(across).toHaveAttribute('data-end', 'delivered');
  await expect(across).toHaveText(hop(2, '10.4.94.1', 'gw94'));
  await expect(across).toHaveText(/^\s*3\s+\S+\s+gw83\b/m);
  await shot(page, 'example-legacy');
});

test('calico-bird-rr: reflector, aggregate, per-pod /32s, 4-way ECMP service range', async ({
  page,
}) => {
  await open(page, 'calico-bird-rr', 'route-reflector');
  const blocks = ['10.41.113.192/26', '10.41.57.192/26', '10.41.210.128/26', '10.41.210.0/26'];
  for (const b of blocks) await expect(await fibRow(page, 'bird-rr', b)).toHaveCount(1);
  await expect(await fibRow(page, 'rke-node3', '10.41.113.192/26')).toContainText('blackhole');
  await expect(await fibRow(page, 'rke-node3', '10.41.210.0/26')).toContainText('bird-rr');

  await switchStep(page, 'calico-bird-rr', 'aggregate');
  await expect(await fibRow(page, 'rke-node3', '10.41.0.0/16')).toContainText('bird-rr');
  await expect(await fibRow(page, 'rke-node3', '10.41.57.192/26')).toHaveCount(0);

  await switchStep(page, 'calico-bird-rr', 'per-pod-routes');
  await expect(await fibRow(page, 'bird-rr', '10.41.57.199/32')).toContainText('rke-node4');

  await switchStep(page, 'calico-bird-rr', 'service-cluster-ips');
  const svc = await fibRow(page, 'bird-rr', '10.43.0.0/16');
  for (const n of ['rke-node3', 'rke-node4', 'rke-node6', 'rke-node7'])
    await expect(svc).toContainText(n);
  await expect(svc.locator('td').last()).toHaveText('4');
  await shot(page, 'example-calico-ecmp');
});

/**
 * Issue 12 from the user's side: a trace result becomes an expectation in one click, the badge
 * counts it, failing a link on its path makes it fail with the place the trace stops, clicking it
 * shows why and highlights the devices, and undo makes it hold again. The path itself
 * (tor0 → router0 → tor1) is the write-up's (seed 003), as e2e/examples.spec.ts checks.
 */
import { expect, test } from './fixtures';
import { getExample } from '../src/model/examples';
import { clickLink, converged, openTab, shot } from './helpers';

const NAME = 'server1/nettool-1 reaches server3/nettool-2';

test('expect this: a trace becomes an expectation that a link failure breaks', async ({ page }) => {
  const step = getExample('cilium-frr-tor')?.steps.find((s) => s.id === 'after-policies');
  if (!step) throw new Error('no cilium-frr-tor/after-policies');
  const n = step.lab.expectations.length;
  await page.goto('/?lab=cilium-frr-tor');
  await page.getByTestId('example-step').selectOption('after-policies');
  // The step's lab arrives from the worker a moment after the switch (12/12 sessions after it, 4/8 before).
  await expect(page.getByTestId('tab-sessions')).toContainText('12/12');
  await converged(page);
  const badge = page.getByTestId('expectations');
  await expect(badge).toHaveText(`expectations ${n}/${n} hold`);

  await openTab(page, 'trace');
  await page.getByTestId('trace-from').selectOption('server1/nettool-1');
  await page.getByTestId('trace-to').fill('server3/nettool-2');
  await page.getByTestId('trace-run').click();
  await expect(page.getByTestId('trace-path')).toHaveAttribute('data-end', 'delivered');
  await shot(page, 'expect-this');
  await page.getByTestId('trace-expect').click();

  // The badge counts the new claim and it holds.
  await expect(badge).toHaveText(`expectations ${n + 1}/${n + 1} hold`);
  const row = page.locator(`[data-testid="expectation-row"][data-name="${NAME}"]`);
  await expect(row).toHaveAttribute('data-ok', 'yes');

  // Fail router0–tor1: the only path crosses it.
  await page.getByTestId('fail-mode').click();
  await clickLink(page, 'router0', 'tor1');
  await expect(page.getByTestId('link-router0:net1--tor1:net0')).toHaveAttribute(
    'data-state',
    'failed',
  );
  await page.getByTestId('fail-mode').click();
  // Back to the lab inspector, where the expectations are listed.
  await page.keyboard.press('Escape');
  await converged(page);
  await expect(row).toHaveAttribute('data-ok', 'no');
  await expect(badge).not.toHaveText(`expectations ${n + 1}/${n + 1} hold`);

  // Why: the reason names where the trace stops, and that device is highlighted.
  await row.click();
  const why = page.locator(`[data-testid="expectation-why"][data-name="${NAME}"]`);
  await expect(why).toContainText('cannot reach server3/nettool-2');
  await expect(why).toContainText(/ at (router0|tor0|tor1)/);
  await expect(why.getByTestId('expectation-path')).not.toHaveCount(0);
  await expect(page.locator('.on-trace[data-testid^="node-"]')).not.toHaveCount(0);
  await shot(page, 'expect-this-fails');

  // Undo restores the link and the claim holds again.
  await page.getByTestId('undo').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('link-router0:net1--tor1:net0')).toHaveAttribute(
    'data-state',
    'up',
  );
  await converged(page);
  await expect(row).toHaveAttribute('data-ok', 'yes');
  await expect(badge).toHaveText(`expectations ${n + 1}/${n + 1} hold`);

  // A Loc-RIB row becomes a route expectation: router0 reaches rack1's pods through tor1.
  await page.getByTestId('node-router0').click();
  await openTab(page, 'bgp');
  await page
    .locator('[data-testid="bgp-row"][data-prefix="10.1.3.0/24"] [data-testid="bgp-expect"]')
    .click();
  await expect(badge).toHaveText(`expectations ${n + 2}/${n + 2} hold`);
  await page.keyboard.press('Escape');
  const route = page.locator(
    '[data-testid="expectation-row"][data-name="router0 has 10.1.3.0/24"]',
  );
  await expect(route).toHaveAttribute('data-ok', 'yes');
  await route.click();
  await expect(
    page.locator('[data-testid="expectation-why"][data-name="router0 has 10.1.3.0/24"]'),
  ).toContainText('via [tor1]');
  await shot(page, 'expect-this-route');
});

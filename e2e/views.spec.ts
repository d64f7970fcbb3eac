/** Timeline stepping, config views, and screenshots of the main views of a built-in lab. */
import { expect, test } from '@playwright/test';
import { converged, openTab, shot } from './helpers';

test('step through the timeline', async ({ page }) => {
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
  await shot(page, 'timeline');
  await page.getByTestId('play').click();
  await expect(pos).toHaveText(`event ${total} / ${total}`, { timeout: total * 600 + 5000 });
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
  await openTab(page, 'fib');
  await expect(page.getByTestId('fib-table')).toBeVisible();
  await shot(page, 'fib');
  await openTab(page, 'problems');
  await shot(page, 'problems');
  await openTab(page, 'config');
  await expect(page.getByTestId('config-editor')).toHaveAttribute('data-ready', 'yes');
  await expect(page.getByTestId('config-editor')).toContainText('router bgp');
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

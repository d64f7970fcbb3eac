/** Nothing leaves the app's origin: no CDN, no telemetry, no font service. */
import { expect, test } from './fixtures';
import { converged, openTab } from './helpers';

test('every request stays on the app origin', async ({ page, baseURL }) => {
  const origin = new URL(baseURL ?? 'http://127.0.0.1:4173').origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto('/?lab=cilium-frr-tor');
  await converged(page);
  // Touch the lazily loaded parts too: Monaco and its worker, elkjs.
  await openTab(page, 'config');
  await expect(page.getByTestId('config-editor')).toHaveAttribute('data-ready', 'yes');
  await page.getByRole('button', { name: 'Layout' }).click();
  await page.waitForTimeout(1500);
  const outside = requests.filter(
    (u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'),
  );
  expect(outside).toEqual([]);
  expect(requests.length).toBeGreaterThan(3);
});

/** Step-through re-checks the lab's expectations at every step and can stop at the first failure. */
import { expect, test } from './fixtures';
import { converged, openTab } from './helpers';

test('expectations per step: fail early, hold at the end, stop at first failure', async ({
  page,
}) => {
  await page.goto('/?lab=cilium-frr-tor');
  await page.getByTestId('example-step').selectOption('after-policies');
  // The step's lab arrives from the worker a moment after the switch: wait for its sessions
  // (12/12 up after the policies, 4/8 before) so the timeline read below is the new step's.
  await expect(page.getByTestId('tab-sessions')).toContainText('12/12');
  await converged(page);
  await openTab(page, 'timeline');
  const pos = page.getByTestId('timeline-position');
  const verdict = page.getByTestId('step-expectations');
  const total = Number(/\/ (\d+)/.exec((await pos.textContent()) ?? '')?.[1]);
  // At the end the fabric has converged and the lab's expectations hold.
  await expect(verdict).toHaveText('all expectations hold at this step');
  // At the first event only the sessions are up: router0 has no pod CIDR routes yet.
  await page.getByRole('button', { name: 'First event' }).click();
  await expect(pos).toHaveText(`event 1 / ${total}`);
  await expect(verdict).toContainText('fail at this step');
  await expect(verdict).toContainText('router0 has 10.1.0.0/24 via tor0');
  // Playback with "stop at first failure" pauses on the next failing step, not at the end.
  await page.getByTestId('stop-at-failure').check();
  await page.getByTestId('play').click();
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 5000 });
  await expect(pos).toHaveText(`event 2 / ${total}`);
  await expect(verdict).toContainText('fail at this step');
});

import { expect } from './fixtures';
import type { Page } from './fixtures';

/** Opens the app on an empty lab (File → New), as a user starting from scratch would. */
export async function openEmpty(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  await openFileMenu(page);
  await page.getByTestId('menu-new').click();
  await expect(page.getByTestId('canvas').locator('.react-flow__node-device')).toHaveCount(0);
}

/**
 * Opens the File menu. One CI run (not reproduced here in 100 tries, loaded or not) timed out
 * waiting for the menu after clicking it: the click is tried again, and said, so a repeat shows
 * in the log instead of as a 60 s timeout.
 */
export async function openFileMenu(page: Page): Promise<void> {
  const first = page.getByTestId('menu-new');
  await page.getByTestId('file-menu').click();
  try {
    await expect(first).toBeVisible({ timeout: 5_000 });
    return;
  } catch {
    console.log('the File menu did not open on the first click; clicking again');
  }
  await page.getByTestId('file-menu').click();
  await expect(first).toBeVisible();
}

/** Drags from one device's handle to another's, the way a user links two devices. */
export async function link(page: Page, from: string, to: string): Promise<void> {
  const a = page.getByTestId(`node-${from}`).locator('.react-flow__handle-top');
  const b = page.getByTestId(`node-${to}`).locator('.react-flow__handle-bottom');
  const ba = await a.boundingBox();
  const bb = await b.boundingBox();
  if (!ba || !bb) throw new Error(`handles of ${from} or ${to} not on screen`);
  await page.mouse.move(ba.x + ba.width / 2, ba.y + ba.height / 2);
  await page.mouse.down();
  await page.mouse.move((ba.x + bb.x) / 2, (ba.y + bb.y) / 2, { steps: 5 });
  await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2, { steps: 5 });
  await page.mouse.up();
}

export async function openTab(page: Page, tab: string): Promise<void> {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`panel-${tab}`)).toBeVisible();
}

export async function converged(page: Page): Promise<void> {
  await expect(page.getByTestId('sim-status')).toHaveAttribute('data-status', 'converged');
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `e2e/screenshots/${name}.png` });
}

/** Clicks a link on the canvas halfway between the handles it joins (upper device first). */
export async function clickLink(page: Page, upper: string, lower: string): Promise<void> {
  const a = await page
    .getByTestId(`node-${upper}`)
    .locator('.react-flow__handle-bottom')
    .boundingBox();
  const b = await page
    .getByTestId(`node-${lower}`)
    .locator('.react-flow__handle-top')
    .boundingBox();
  if (!a || !b) throw new Error(`${upper} or ${lower} not on screen`);
  // A third of the way down, clear of the hop labels drawn at the middle.
  const t = 0.35;
  await page.mouse.click(a.x + a.width / 2 + (b.x - a.x) * t, a.y + a.height / 2 + (b.y - a.y) * t);
}

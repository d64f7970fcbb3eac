/** Palette drag and drop, keyboard editing (copy, paste, delete, undo, redo), help, validation. */
import { expect, test } from './fixtures';
import { openEmpty } from './helpers';

test('drag from the palette, then edit by keyboard', async ({ page }) => {
  await openEmpty(page);
  await page
    .getByTestId('palette-leaf')
    .dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 200 } });
  await expect(page.getByTestId('node-leaf1')).toBeVisible();
  await page.getByTestId('node-leaf1').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node-leaf2')).toBeVisible();
  // The pasted leaf is selected; Delete removes it, Ctrl+Z brings it back, Ctrl+Shift+Z again.
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-leaf2')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-leaf2')).toBeVisible();
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('node-leaf2')).toHaveCount(0);

  // Invalid values say why and are not applied.
  await page.getByTestId('node-leaf1').click();
  await page.getByTestId('field-asn').fill('70000000000');
  await expect(page.getByTestId('field-asn-error')).toContainText('AS number');
  await page.getByTestId('field-asn').press('Enter');
  await expect(page.getByTestId('node-leaf1')).toContainText('AS65001');
  await page.getByTestId('field-asn').fill('65010');
  await page.getByTestId('field-asn').press('Enter');
  await expect(page.getByTestId('node-leaf1')).toContainText('AS65010');

  await page.getByTestId('canvas').click({ position: { x: 50, y: 400 } });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0);
});

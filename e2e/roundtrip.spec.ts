/** The lab as editable YAML (apply, and refusal of an invalid edit) and the share link. */
import { expect, test } from './fixtures';
import { converged, openFileMenu, openTab } from './helpers';

test('edit the lab YAML: a valid edit applies, an invalid one is refused', async ({ page }) => {
  await page.goto('/?lab=cilium-frr-tor');
  await converged(page);
  await openTab(page, 'yaml');
  const editor = page.getByTestId('yaml-editor');
  await expect(editor).toHaveAttribute('data-ready', 'yes');
  await expect(editor).toContainText('name: cilium-frr-tor');
  // Line 2 is the lab's name; replace it as a user would.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  // Typed key by key: the editor must keep every character while the draft catches up.
  await page.keyboard.type('name: renamed-lab');
  await expect(editor).toContainText('name: renamed-lab');
  await expect(editor).toContainText('name: renamed-lab');
  await page.getByTestId('yaml-apply').click();
  await expect(page.getByTestId('lab-name')).toHaveValue('renamed-lab');
  await converged(page);

  // Not YAML any more: the reason is shown and the lab stays as it was.
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.insertText('name: [unclosed');
  await page.getByTestId('yaml-apply').click();
  await expect(page.getByTestId('panel-yaml').getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('lab-name')).toHaveValue('renamed-lab');
  await expect(page.getByTestId('node-router0')).toBeVisible();
});

test('a share link opens the same lab elsewhere', async ({ page, browser }) => {
  await page.goto('/?lab=calico-bird-rr');
  await converged(page);
  await openFileMenu(page);
  await page.getByTestId('menu-share').click();
  await expect(page).toHaveURL(/#share=[A-Za-z0-9_-]+$/);
  const link = page.url();
  // A fresh browser context: no autosave to fall back on.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(link);
  await expect(p2.getByTestId('lab-name')).toHaveValue('calico-bird-rr');
  for (const n of ['bird-rr', 'rke-node3', 'rke-node4', 'rke-node6', 'rke-node7'])
    await expect(p2.getByTestId(`node-${n}`)).toBeVisible();
  await converged(p2);
  await expect(p2.getByTestId('expectations')).toHaveText(/^expectations (\d+)\/\1 hold$/);
  await other.close();
});

test('a damaged share link is refused with a message and the app still opens', async ({ page }) => {
  await page.goto('/#share=AAAA');
  await expect(page.getByTestId('toast')).toContainText('Could not open the share link');
  await expect(page.getByTestId('toast')).toContainText('damaged');
  // The app falls through to the next start-up source (the built-in lab) and simulates it.
  await converged(page);
  await expect(page).not.toHaveURL(/#share=/);
});

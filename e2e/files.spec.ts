/** Import a containerlab topology with its FRR/BIRD configs; export the bundle zip. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { converged, openFileMenu, openTab, shot } from './helpers';

const fixture = 'src/import/fixtures/frr-bird-nodes';

test('import a containerlab topology with its FRR config', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('canvas')).toBeVisible();
  // A zip keeps the config paths the topology binds (router/frr.conf, node1/bird.conf…).
  const files = ['frr-bird.clab.yml', 'router/frr.conf', 'node1/bird.conf', 'node2/bird.conf'];
  const zip = zipSync(
    Object.fromEntries(
      files.map((f) => [`frr-bird/${f}`, strToU8(readFileSync(join(fixture, f), 'utf8'))]),
    ),
  );
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'frr-bird.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
  await expect(page.getByTestId('node-router')).toBeVisible();
  await expect(page.getByTestId('node-node1')).toBeVisible();
  await expect(page.getByTestId('node-node2')).toBeVisible();
  await expect(page.getByTestId('lab-name')).toHaveValue('frr-bird');
  await converged(page);
  // The router's BGP comes from the bound frr.conf: it peers with both nodes.
  await page.getByTestId('node-router').click();
  await openTab(page, 'sessions');
  await expect(page.getByTestId('session-row')).toHaveCount(2);
  await expect(page.getByTestId('session-row').first()).toHaveAttribute(
    'data-state',
    'Established',
  );
  await shot(page, 'import-frr-bird');
});

test('export the bundle as a zip', async ({ page }) => {
  await page.goto('/?lab=cilium-frr-tor');
  await expect(page.getByTestId('node-router0')).toBeVisible();
  await openFileMenu(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('menu-export-zip').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const path = await download.path();
  const names = Object.keys(unzipSync(new Uint8Array(readFileSync(path))));
  expect(names.some((n) => /\.clab\.ya?ml$/.test(n))).toBe(true);
  expect(names.some((n) => /router0\/frr\.conf$/.test(n))).toBe(true);
  expect(names.some((n) => /tor0\/frr\.conf$/.test(n))).toBe(true);
  expect(names.some((n) => /deploy\.sh$/.test(n))).toBe(true);
  expect(names.some((n) => /README/.test(n))).toBe(true);
});

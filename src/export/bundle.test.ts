/**
 * GIVEN a lab, WHEN the bundle is exported twice, THEN files and zip are byte-identical; the zip
 * holds exactly the files (checked with unzip when installed), scripts executable.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bundleZip, exportBundle } from './bundle';
import { FIXTURE_LABS } from './fixtures';
import { requireTool, run, tempFile } from './testing/tools';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

describe.each(Object.entries(FIXTURE_LABS))('%s', (_name, mk) => {
  it('is deterministic (files and zip bytes)', () => {
    const a = exportBundle(mk());
    const b = exportBundle(mk());
    expect(b).toEqual(a);
    expect(Buffer.from(bundleZip(b)).equals(Buffer.from(bundleZip(a)))).toBe(true);
  });

  it('does not depend on exporting twice from the same lab object', () => {
    const lab = mk();
    expect(exportBundle(lab)).toEqual(exportBundle(lab));
  });

  it('zips every file under one root folder, sorted', () => {
    const files = exportBundle(mk());
    const root = files[0]?.path.split('/')[0];
    expect(files.every((f) => f.path.startsWith(`${root}/`))).toBe(true);
    expect(files.map((f) => f.path)).toEqual([...files.map((f) => f.path)].sort());
    const un = unzipSync(bundleZip(files));
    const dec = new TextDecoder();
    expect(Object.fromEntries(Object.entries(un).map(([k, v]) => [k, dec.decode(v)]))).toEqual(
      Object.fromEntries(files.map((f) => [f.path, f.content])),
    );
  });
});

it('scripts are executable in the zip (zipinfo)', () => {
  if (!requireTool('zipinfo')) return;
  const { dir } = tempFile('.keep', '');
  const zip = join(dir, 'b.zip');
  writeFileSync(zip, bundleZip(exportBundle(FIXTURE_LABS['spine-leaf']?.() ?? FIXTURE_LABS.x!())));
  const out = run('zipinfo', [zip]).out;
  expect(out).toMatch(/-rwxr-xr-x .* spine-leaf\/deploy\.sh/);
  expect(out).toMatch(/-rw-r--r-- .* spine-leaf\/README\.md/);
});

/**
 * GIVEN a lab, WHEN the bundle is exported twice, THEN files and zip are byte-identical; the zip
 * holds exactly the files (checked with unzip when installed), scripts executable.
 */
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bundleZip, exportBundle } from './bundle';
import { FIXTURE_LABS, birdEdgeLab } from './fixtures';
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

describe('BIRD caveats in the README', () => {
  const readme = (lab: ReturnType<typeof birdEdgeLab>): string =>
    exportBundle(lab).find((f) => f.path.endsWith('/README.md'))?.content ?? '';

  it('says when both ends of an unnumbered link run BIRD (dynamic BGP only listens)', () => {
    // BIRD 2.0.12 here shows the `neighbor range` protocol as "start Passive" (birdinterop test lab).
    expect(readme(birdEdgeLab())).not.toMatch(/is BIRD too/);
    const lab = birdEdgeLab();
    lab.devices = lab.devices.map((d) =>
      d.name === 'core' && d.kind === 'router' ? { ...d, daemon: 'bird' as const } : d,
    );
    expect(readme(lab)).toContain('- edge: unnumbered peer over eth1 is BIRD too');
    expect(readme(lab)).toContain('- core: unnumbered peer over eth1 is BIRD too');
  });

  it('ships the BIRD image’s Dockerfile and says to build it', () => {
    const files = exportBundle(birdEdgeLab());
    expect(files.map((f) => f.path)).toContain('bird-edge/images/bird/Dockerfile');
    expect(readme(birdEdgeLab())).toContain(
      'build it first with `docker build -t routelab/bird:2.0.11 images/bird`',
    );
    // Pass another image and neither the Dockerfile nor the build step appear.
    const other = exportBundle(birdEdgeLab(), { birdImage: 'example/bird:2' });
    expect(other.map((f) => f.path)).not.toContain('bird-edge/images/bird/Dockerfile');
  });
});

/**
 * GIVEN each fixture lab, WHEN exported, THEN every file equals its golden copy in __golden__/.
 * The golden files were read line by line against FRR 8.4 / BIRD 2 / VyOS syntax (and the FRR and
 * BIRD ones are also loaded by the real daemons in realtools.test.ts); update them with
 * `npx vitest run src/export/golden.test.ts -u` only after reading the diff.
 */
import { describe, expect, it } from 'vitest';
import { exportBundle } from './bundle';
import { FIXTURE_LABS, FIXTURE_PREDICTIONS } from './fixtures';
import { planExport } from './plan';
import { renderVyosCommands, renderVyosConfigBoot } from './vyos';

describe.each(Object.entries(FIXTURE_LABS))('%s bundle', (name, mk) => {
  const files = exportBundle(mk(), { predictions: FIXTURE_PREDICTIONS[name] });
  it.each(files.map((f) => [f.path, f.content] as const))('%s', async (path, content) => {
    await expect(content).toMatchFileSnapshot(`./__golden__/${name}/${path}.golden`);
  });
});

describe('VyOS', () => {
  // No fixture lab runs VyOS; render the ToR of the Cilium lab as if it did.
  const lab = FIXTURE_LABS['cilium-tor']?.() ?? { devices: [] };
  const tor = lab.devices.find((d) => d.name === 'tor0');
  it('renders config.boot and set commands from the same paths', async () => {
    if (!tor || tor.kind !== 'router') throw new Error('fixture changed');
    const vyosLab = {
      ...lab,
      devices: lab.devices.map((d) =>
        d.name === 'tor0' && d.kind === 'router' ? { ...d, daemon: 'vyos' as const } : d,
      ),
    };
    const plan = planExport(vyosLab as Parameters<typeof planExport>[0]);
    const dp = plan.devices.get('tor0');
    if (!dp) throw new Error('no plan');
    await expect(renderVyosConfigBoot(dp, tor.bgp)).toMatchFileSnapshot(
      './__golden__/vyos/tor0.config.boot.golden',
    );
    await expect(renderVyosCommands(dp, tor.bgp)).toMatchFileSnapshot(
      './__golden__/vyos/tor0.commands.golden',
    );
  });
});

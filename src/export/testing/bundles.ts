/** The bundles the real-tool and schema tests check: the fixture labs and every built-in example. */
import { examples } from '../../model/examples/index';
import { exportBundle } from '../bundle';
import type { BundleFile } from '../bundle';
import { FIXTURE_LABS, FIXTURE_PREDICTIONS } from '../fixtures';

export interface NamedBundle {
  name: string;
  files: BundleFile[];
}

export function allBundles(): NamedBundle[] {
  const fixtures = Object.entries(FIXTURE_LABS).map(([name, mk]) => ({
    name,
    files: exportBundle(mk(), { predictions: FIXTURE_PREDICTIONS[name] }),
  }));
  const builtIn = examples.flatMap((ex) =>
    ex.steps.map((st) => ({ name: `example:${ex.id}/${st.id}`, files: exportBundle(st.lab) })),
  );
  return [...fixtures, ...builtIn];
}

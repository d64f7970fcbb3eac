import { buildFabric, workloads } from '../bench/fabric';
import { simulate } from '../src/engine/index';
for (const k of ['S', 'M'] as const) {
  const lab = buildFabric(workloads[k]);
  const t = performance.now();
  const r = simulate(lab, { views: false, keepLog: false });
  console.log(k, (performance.now() - t).toFixed(0), 'ms', r.convergence);
}

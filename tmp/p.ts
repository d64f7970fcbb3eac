import { buildFabric } from '../bench/fabric';
import { simulate } from '../src/engine/index';
const lab = buildFabric({ name: 'P', superSpines: 0, pods: 1, spinesPerPod: 4, leavesPerPod: 8, nodesPerLeaf: 16, lbPerNode: 2, defaultOnlyToNodes: false });
const t = performance.now();
const r = simulate(lab, { views: false, keepLog: false });
console.log((performance.now() - t).toFixed(0), 'ms', r.convergence);

import { examples } from '../src/model/examples/index';
import { checkExpectations } from '../src/engine/expectations';
for (const ex of examples) for (const st of ex.steps) {
  const t = Date.now();
  try {
    const v = checkExpectations(st.lab);
    console.log(`== ${ex.id}/${st.id} (${Date.now()-t}ms)`);
    for (const x of v) console.log(`  ${x.passed ? 'PASS' : 'FAIL'} ${x.name}: ${x.reason}`);
  } catch (e) { console.log(`== ${ex.id}/${st.id} ERROR`, e); }
}

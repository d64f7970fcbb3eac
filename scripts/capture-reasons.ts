/**
 * Rewrites src/engine/testing/fixtures/reasons.json, the capture reasons.test.ts pins the
 * decision reasons against. Run it (`npx tsx scripts/capture-reasons.ts`) only for an intended
 * change of the decision's semantics, and check the diff against the real daemons (tests/real).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { apply, deviceView, simulate } from '../src/engine';
import { reasonLabs, reasonScenarios } from '../src/engine/testing/reasons';

const out: Record<string, unknown> = {};
for (const lab of reasonLabs())
  Object.assign(out, reasonScenarios({ simulate, apply, deviceView }, lab));
const text = `{\n${Object.entries(out)
  .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
  .join(',\n')}\n}\n`;
const file = fileURLToPath(new URL('../src/engine/testing/fixtures/reasons.json', import.meta.url));
writeFileSync(file, text);
console.log(`${Object.keys(out).length} scenarios → ${file}`);

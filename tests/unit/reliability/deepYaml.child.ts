/**
 * Run in a child process by limits.test.ts: this input kills the whole process (V8 "FATAL ERROR:
 * RegExpCompiler Allocation failed"), which no try/catch can stop, so a vitest worker must not
 * run it itself. Prints the first problem's message and exits 0 when parseLabFile returns.
 */
import { parseLabFile } from '../../../src/model/labfile';

for (const n of [1000, 20000]) {
  const r = parseLabFile(`devices:\n  ${'? '.repeat(n)}x\n`, 'deep.yaml');
  console.log(r.problems[0]?.message);
}

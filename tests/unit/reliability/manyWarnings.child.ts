/**
 * Run in a child process by limits.test.ts (long mode): a lab file whose every device carries
 * one unknown field, so every device gets a located warning. Prints the problem count.
 */
import { parseLabFile } from '../../../src/model/labfile';

const n = Number(process.argv[2] ?? 20_000);
const devices = Array.from({ length: n }, (_, i) => ({
  name: `h${i}`,
  kind: 'host',
  interfaces: [],
  staticRoutes: [],
  labels: {},
  colour: 'blue',
}));
const text = JSON.stringify({ schemaVersion: 1, name: 'many', devices }, null, 1);
console.log(parseLabFile(text, 'many.json').problems.length);

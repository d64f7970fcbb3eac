/**
 * How many cases a seeded property test runs: `defaultRuns` under `npm test`, or FUZZ_RUNS when
 * set (`npm run fuzz` sets 10,000). Read through `globalThis.process` so the helper also loads in
 * code compiled without Node types (engine/model/worker test helpers).
 */
export function fuzzRuns(defaultRuns: number): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const n = Number(env?.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : defaultRuns;
}

/** The seed every suite uses, so a failure reproduces; FUZZ_SEED overrides it for long runs. */
export function fuzzSeed(): number {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const n = Number(env?.FUZZ_SEED);
  return Number.isInteger(n) ? n : 42;
}

/** Per-test timeout for property tests: 10,000 cases of the slower suites take minutes. */
export const FUZZ_TIMEOUT = 1_800_000;

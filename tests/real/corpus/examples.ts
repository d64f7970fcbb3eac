/**
 * The five field write-ups' labs (src/model/examples), every step, as corpus labs. BIRD's fast
 * connect timers are asked for here explicitly: the labs' BIRD speakers otherwise wait out
 * `connect retry time 120` when they dial a peer whose daemon is not up yet.
 */
import { examples } from '../../../src/model/examples';
import type { CorpusLab } from './build';
import { corpus } from './build';

export function exampleLabs(): CorpusLab[] {
  return examples.flatMap((e) =>
    e.steps.map((s) => corpus(`ex-${e.id}-${s.id}`, s.lab, { fastBirdTimers: true })),
  );
}

/** The real-daemon corpus: every lab the suite runs, in a stable order. */
import { allowasIn } from './allowas';
import { birdNodes } from './bird';
import type { CorpusLab } from './build';
import { ciliumRack } from './cilium';
import { unnumberedClos } from './clos';
import { ebgpTriangle } from './ebgp-triangle';
import { exampleLabs } from './examples';
import { filtering } from './filtering';
import { linkFailure } from './link-failure';
import { medNeighbourAs } from './med';
import { multipathIbgp, multipathNoRelax, multipathRelax, multipathSameAs } from './multipath';
import { nextHopSelf } from './nexthop';
import { rfc8212 } from './rfc8212';
import { rrCluster } from './rr';

export function corpusLabs(): CorpusLab[] {
  return [
    ebgpTriangle(),
    rfc8212(),
    multipathRelax(),
    multipathNoRelax(),
    multipathSameAs(),
    multipathIbgp(),
    medNeighbourAs(),
    rrCluster(),
    nextHopSelf(),
    allowasIn(),
    filtering(),
    linkFailure(),
    unnumberedClos(),
    birdNodes(),
    ciliumRack(),
    ...exampleLabs(),
  ];
}

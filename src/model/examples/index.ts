/** The built-in example labs, one per field write-up, opened by id (`/?lab=<id>`, `--example`). */
import { calicoBirdRr } from './calicoBirdRr';
import { ciliumBirdNodes } from './ciliumBirdNodes';
import { ciliumFrrTor } from './ciliumFrrTor';
import { ciliumLegacyBgp } from './ciliumLegacyBgp';
import type { ExampleLab } from './types';
import { vyosSpineLeafRr } from './vyosSpineLeafRr';

export type { ExampleLab, ExampleSource, ExampleStep } from './types';

export const examples: ExampleLab[] = [
  ciliumFrrTor,
  vyosSpineLeafRr,
  ciliumBirdNodes,
  ciliumLegacyBgp,
  calicoBirdRr,
];

export const defaultExampleId = 'cilium-frr-tor';

export function getExample(id: string): ExampleLab | undefined {
  return examples.find((e) => e.id === id);
}

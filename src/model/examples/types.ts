/** Built-in example labs: the field write-ups the project started from, as steps of full labs. */
import type { Lab } from '../types';

/** Where an example comes from: the field write-up in shared/seeds and what it says of itself. */
export interface ExampleSource {
  /** The write-up's file name in shared/seeds. */
  file: string;
  /** Its title as written (Chinese), when it has one. */
  title?: string;
  author?: string;
  /** As written in the write-up. */
  date?: string;
}

/** One stage or variant of an example; each is a complete, independent lab. */
export interface ExampleStep {
  id: string;
  title: string;
  description: string;
  /** What the write-up shows at this step, in words; the lab's expectations check the same. */
  whatYouShouldSee: string[];
  lab: Lab;
}

export interface ExampleLab {
  id: string;
  title: string;
  description: string;
  source: ExampleSource;
  steps: ExampleStep[];
}

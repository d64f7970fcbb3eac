/** One step of the lab file format: turns a document of version `from` into `from + 1`. */
export interface Migration {
  from: number;
  /** One line for docs/lab-format.md and for the info problem loading reports. */
  describe: string;
  /** Works on plain parsed data; must not throw on odd input (leave what it cannot read). */
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

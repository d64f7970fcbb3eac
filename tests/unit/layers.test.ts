import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules live in eslint.config.js; this proves they fire (a rule that never fires
// would let React or Node creep into the engine unnoticed).
const eslint = new ESLint();

async function ruleIds(text: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layer boundaries', () => {
  it.each([
    ['src/engine/x.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['src/model/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['src/export/x.ts', "import { create } from 'zustand';\nexport const x = create;\n"],
    ['src/import/x.ts', "import { simulate } from '../engine';\nexport const x = simulate;\n"],
    [
      'src/engine/x.ts',
      "import { exportBundle } from '../export';\nexport const x = exportBundle;\n",
    ],
    ['src/ui/x.ts', "import { simulate } from '../engine';\nexport const x = simulate;\n"],
  ])('%s may not import that', async (file, text) => {
    const ids = await ruleIds(text, file);
    expect(ids.some((id) => id.includes('no-restricted-imports'))).toBe(true);
  });

  it('the engine may not touch the DOM or process', async () => {
    const ids = await ruleIds(
      'export const x = document.title + process.env.X;\n',
      'src/engine/x.ts',
    );
    expect(ids.filter((id) => id === 'no-restricted-globals')).toHaveLength(2);
  });

  it('allows what the layers may use', async () => {
    expect(
      await ruleIds(
        "import type { SimResult } from '../engine';\nexport type X = SimResult;\n",
        'src/ui/x.ts',
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        "import { emptyLab } from '../model';\nexport const x = emptyLab;\n",
        'src/engine/x.ts',
      ),
    ).toEqual([]);
  });
});

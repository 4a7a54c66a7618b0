import { runCongestionDemo } from '../../core/models/congestion/run';
import { stageBars } from './board';
import type { DemoEntry } from './demo-entry';
import { fixedOrDash } from '../../shared/format';

const f3 = (v: number | null | undefined) => fixedOrDash(v, 3);

/** Chip congestion on the shipped CircuitNet ISPD2015 layouts (BSD 3-Clause; resources/README.md). */
export const congestionDemo: DemoEntry = {
  summary: 'chip congestion: CircuitNet layouts → feature search → gated preference model vs baselines → suggestion deck',
  defaultProject: 'demo-congestion.fstudio',
  screen: 'Congestion',
  async run({ projectDir: dir, size, seed, json, signal }) {
    const r = await runCongestionDemo({ projectDir: dir, size, seed, signal, onStage: json ? undefined : stageBars() });
    const line = (name: string, m: Record<string, number | null>) => `${name.padEnd(16)} ${['plcc', 'srcc', 'krcc', 'ndcg'].map((k) => `${k.toUpperCase()} ${f3(m[k])}`).join('  ')}`;
    return {
      result: r,
      text: [
        `held-out designs, ${r.layouts} layouts (congestion scores; the gated model's is −R, R trained with "preferred = less congested"):`,
        line('gated', r.test),
        ...(r.pooledMaps ? [line('gated (maps)', r.pooledMaps)] : []),
        line('RUDY sum', r.baselines.rudySum),
        line('ridge', r.baselines.ridge),
        line('top-tile mean', r.baselines.topTileMean),
        `search (kept pool's held-out SRCC): ${r.searchCurve.map((v) => v.toFixed(3)).join(' → ')}`,
        `deck:   ${r.deckFile}`,
        `report: ${r.reportFile}`,
      ].join('\n'),
    };
  },
};

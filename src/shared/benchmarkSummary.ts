/**
 * The words and the table of the benchmark section ("Downstream fidelity, sparse probing and
 * absorption", ALGORITHMS-DETAIL §3.1–3.3), shared by the PDF section and the Reports screen's
 * preview: every SAE's CE loss recovered, KL, sparse probing against the raw activations and
 * absorption, then the two comparisons the papers claim — whitening raises sparse probing
 * (Saraswatula & Klindt), ATM-like masking absorbs less than TopK and JumpReLU at the same L0
 * (Li & Ren) — each stated from the records, whichever way it comes out.
 */
import { type RunColumn, type RunRecord, runTable } from './charts/runTable';
import { fixedOrDash } from './format';

const num = (r: RunRecord, key: string): number | null => (typeof r[key] === 'number' ? (r[key] as number) : null);
const f3 = (v: number | null | undefined) => fixedOrDash(v, 3);

/** Whitened runs beside the unwhitened run of the same architecture (and settings, for TopK). */
export function whiteningPairs(records: readonly RunRecord[]): { whitened: RunRecord; plain: RunRecord }[] {
  const saes = records.filter((r) => r.kind === 'sae');
  return saes.filter((r) => r.whitening && r.whitening !== 'none').flatMap((w) => {
    const same = saes.filter((r) => (r.whitening ?? 'none') === 'none' && r.arch === w.arch);
    const plain = same.find((r) => r.config === w.config) ?? same.sort((a, b) => Math.abs(Math.log((num(a, 'l0') ?? 1) / (num(w, 'l0') ?? 1))) - Math.abs(Math.log((num(b, 'l0') ?? 1) / (num(w, 'l0') ?? 1))))[0];
    return plain ? [{ whitened: w, plain }] : [];
  });
}

export function describeWhitening(pairs: ReturnType<typeof whiteningPairs>): string {
  const measured = pairs.filter((p) => num(p.whitened, 'sparseProbingK1') !== null && num(p.plain, 'sparseProbingK1') !== null);
  if (measured.length === 0) return 'No whitened run has sparse-probing results to compare.';
  const parts = measured.map(({ whitened: w, plain: p }) => {
    const d1 = num(w, 'sparseProbingK1')! - num(p, 'sparseProbingK1')!;
    const d5 = (num(w, 'sparseProbingK5') ?? 0) - (num(p, 'sparseProbingK5') ?? 0);
    const dfvu = num(w, 'fvu')! - num(p, 'fvu')!;
    return `${String(w.run)} against ${String(p.run)}: sparse probing ${d1 >= 0 ? 'up' : 'down'} ${Math.abs(d1).toFixed(3)} at k = 1 and ${d5 >= 0 ? 'up' : 'down'} ${Math.abs(d5).toFixed(3)} at k = 5, FVU ${dfvu >= 0 ? 'up' : 'down'} ${Math.abs(dfvu).toFixed(3)} (L0 ${num(w, 'l0')!.toFixed(1)} against ${num(p, 'l0')!.toFixed(1)})`;
  });
  const raised = measured.filter((p) => num(p.whitened, 'sparseProbingK1')! > num(p.plain, 'sparseProbingK1')!).length;
  const verdict = raised === measured.length ? 'Here whitening raised k = 1 sparse probing in every pair, as the paper claims.' : raised === 0 ? 'Here whitening did not raise k = 1 sparse probing in any pair, against the paper\'s claim.' : `Here whitening raised k = 1 sparse probing in ${raised} of ${measured.length} pairs.`;
  return `${parts.join('; ')}. ${verdict}`;
}

/** TopK's absorption interpolated (linearly in log L0 between its two nearest runs) at another run's L0; null outside TopK's range. */
export function topkAbsorptionAt(records: readonly RunRecord[], l0: number): number | null {
  const topk = records.filter((r) => r.kind === 'sae' && r.arch === 'topk' && (r.whitening ?? 'none') === 'none' && num(r, 'absorption') !== null).sort((a, b) => num(a, 'l0')! - num(b, 'l0')!);
  for (let i = 0; i + 1 < topk.length; i++) {
    const [a, b] = [num(topk[i], 'l0')!, num(topk[i + 1], 'l0')!];
    if (l0 < a || l0 > b) continue;
    const t = b > a ? Math.log(l0 / a) / Math.log(b / a) : 0;
    return num(topk[i], 'absorption')! * (1 - t) + num(topk[i + 1], 'absorption')! * t;
  }
  const exact = topk.find((r) => num(r, 'l0') === l0);
  return exact ? num(exact, 'absorption') : null;
}

export function describeAbsorption(records: readonly RunRecord[]): string {
  const find = (arch: string) => records.find((r) => r.kind === 'sae' && r.arch === arch && (r.whitening ?? 'none') === 'none' && num(r, 'absorption') !== null);
  const lines: string[] = [];
  let fewer = 0;
  let compared = 0;
  for (const arch of ['atm', 'jumprelu']) {
    const r = find(arch);
    if (!r) continue;
    const at = topkAbsorptionAt(records, num(r, 'l0')!);
    if (at === null) {
      lines.push(`${String(r.run)} (L0 ${num(r, 'l0')!.toFixed(1)}) absorbs ${f3(num(r, 'absorption'))}, outside the TopK runs' L0 range`);
      continue;
    }
    compared++;
    if (num(r, 'absorption')! < at) fewer++;
    lines.push(`${String(r.run)} absorbs ${f3(num(r, 'absorption'))} at L0 ${num(r, 'l0')!.toFixed(1)}, TopK ${at.toFixed(3)} at the same L0`);
  }
  if (lines.length === 0) return 'No ATM or JumpReLU run has absorption results.';
  const atm = find('atm');
  const jr = find('jumprelu');
  const pair = atm && jr ? ` ATM against JumpReLU: ${f3(num(atm, 'absorption'))} against ${f3(num(jr, 'absorption'))} (L0 ${num(atm, 'l0')!.toFixed(1)} and ${num(jr, 'l0')!.toFixed(1)}, not matched).` : '';
  return `${lines.join('; ')}.${pair} ${compared ? `${fewer} of ${compared} absorb less than TopK at matched L0.` : ''}`.trim();
}

/** What the benchmark section's figures mean, in one paragraph. */
export const BENCHMARK_EXPLANATION =
  'CE loss recovered: next-token cross-entropy with the SAE spliced in at its layer, between zero-ablating that residual (0) and the clean model (1); KL is the mean KL divergence from the clean next-token distribution in nats. Sparse probing (SAEBench): test accuracy of a logistic probe on the k latents whose means differ most between positives and negatives, averaged over balanced tasks — eight board properties for a board game; for text, review sentiment (5 vs 1 stars), review score and author, each document pooled over its bytes — beside the same probe on k raw residual dimensions. Absorption (Chanin et al.): on positions where a property holds and a ground-truth probe sees it, the share of its projection carried by other latents while the property\'s own latents stay silent; for text the property is a word\'s first letter, read at its last letter.';

export const BENCHMARK_COLUMNS: RunColumn[] = [
  { key: 'run', label: 'run', align: 'left' },
  { key: 'l0', label: 'L0', align: 'right' },
  { key: 'ceLossRecovered', label: 'CE rec.', align: 'right', decimals: 3 },
  { key: 'klDiv', label: 'KL', align: 'right', decimals: 3 },
  { key: 'sparseProbingK1', label: 'probe k=1', align: 'right', decimals: 3 },
  { key: 'sparseProbingK5', label: 'k=5', align: 'right', decimals: 3 },
  { key: 'sparseProbingRawK1', label: 'raw k=1', align: 'right', decimals: 3 },
  { key: 'sparseProbingRawK5', label: 'raw k=5', align: 'right', decimals: 3 },
  { key: 'absorption', label: 'absorption', align: 'right', decimals: 3 },
  { key: 'absorptionFull', label: 'full', align: 'right', decimals: 3 },
];

/** The SAE runs that have benchmark metrics (eval.json written after they existed). */
export const benchmarkRuns = (records: readonly RunRecord[]): RunRecord[] => records.filter((r) => r.kind === 'sae' && num(r, 'maxDecoderCosine') !== null);

/** The section's table, its whitening paragraph and its absorption paragraph. */
export function benchmarkSummary(records: readonly RunRecord[]) {
  const saes = benchmarkRuns(records);
  return {
    table: runTable(saes.map((r) => Object.fromEntries(BENCHMARK_COLUMNS.map((c) => [c.key, r[c.key] ?? null]))), BENCHMARK_COLUMNS),
    whitening: `Whitening and sparse probing (Saraswatula & Klindt claim whitening raises sparse probing at a small reconstruction cost). ${describeWhitening(whiteningPairs(saes))}`,
    absorption: `Absorption at matched L0 (Li & Ren claim ATM absorbs less than TopK and JumpReLU). ${describeAbsorption(saes)}`,
  };
}

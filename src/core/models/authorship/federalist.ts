import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { StudioError } from '../../../shared/errors';
import type { FederalistRow } from '../../../shared/schemas/authorship';
import { residualOf, scoredText, type ScoredText } from './explain';
import type { AuthorshipModelFiles } from './store';
import { cosine, featureEvidence, featureIds } from './vectorise';
import { analyse } from '../../text/nlp/analyse';

/** One Federalist paper as the shipped sample holds it (resources/authorship/federalist.jsonl.gz). */
export interface FederalistPaper {
  paper: number;
  /** Project Gutenberg's attribution: HAMILTON, MADISON, JAY, or "MADISON, with HAMILTON" */
  author: string;
  /** one of Nos. 49–58, 62, 63 */
  disputed: boolean;
  text: string;
}

export async function readFederalist(file: string): Promise<FederalistPaper[]> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch {
    throw new StudioError('not-found', 'cannot read the Federalist papers', file);
  }
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line, i) => {
      const p = JSON.parse(line) as FederalistPaper;
      if (typeof p.paper !== 'number' || typeof p.text !== 'string' || typeof p.author !== 'string') throw new StudioError('bad-file', `row ${i + 1} is not a paper {paper, author, disputed, text}`, `${path.basename(file)}, row ${i + 1}`);
      return p;
    });
}

/**
 * The case study: each disputed paper against Hamilton's and Madison's undisputed papers. An
 * author's score is the mean over their papers of s = s_I + r̂ (and of s_I alone); the verdict
 * is the higher. The top features are those whose contribution to the cosine with the verdict
 * author's mean vector most exceeds their contribution with the other's.
 */
export async function federalistCaseStudy(model: Pick<AuthorshipModelFiles, 'info' | 'charStats' | 'residual'>, papers: readonly FederalistPaper[], onProgress?: (done: number) => void): Promise<FederalistRow[]> {
  const known = { Hamilton: papers.filter((p) => !p.disputed && p.author === 'HAMILTON'), Madison: papers.filter((p) => !p.disputed && p.author === 'MADISON') };
  const disputed = papers.filter((p) => p.disputed);
  if (known.Hamilton.length === 0 || known.Madison.length === 0 || disputed.length === 0) throw new StudioError('bad-input', 'the case study needs papers of Hamilton, of Madison and disputed ones', 'papers');
  const order = [...known.Hamilton, ...known.Madison, ...disputed];
  const scored: ScoredText[] = [];
  for (const p of order) {
    scored.push(scoredText(model, p.text));
    onProgress?.(scored.length / (order.length + 1));
    await new Promise((r) => setImmediate(r));
  }
  const nH = known.Hamilton.length;
  const nM = known.Madison.length;
  const pairs: [number, number][] = [];
  for (let d = 0; d < disputed.length; d++) for (let k = 0; k < nH + nM; k++) pairs.push([nH + nM + d, k]);
  const rHat = await residualOf(model, scored, pairs);
  const F = featureIds().length;
  const centroid = (from: number, n: number) => {
    const c = new Float64Array(F);
    for (let i = from; i < from + n; i++) for (let j = 0; j < F; j++) c[j] += scored[i].vector[j] / n;
    return c;
  };
  const unit = (v: ArrayLike<number>) => {
    const n = Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0)) || 1;
    return Float64Array.from(v, (x) => x / n);
  };
  const [cH, cM] = [unit(centroid(0, nH)), unit(centroid(nH, nM))];
  const rows: FederalistRow[] = disputed.map((paper, d) => {
    const me = scored[nH + nM + d];
    const mean = (from: number, n: number, withResidual: boolean) => {
      let s = 0;
      for (let k = from; k < from + n; k++) s += cosine(me.vector, scored[k].vector) + (withResidual ? rHat[d * (nH + nM) + k] : 0);
      return s / n;
    };
    const hamilton = mean(0, nH, true);
    const madison = mean(nH, nM, true);
    const verdict = madison > hamilton ? 'Madison' : 'Hamilton';
    const v = unit(me.vector);
    const [towards, away] = verdict === 'Madison' ? [cM, cH] : [cH, cM];
    const deltas = featureIds().map((feature, j) => ({ feature, delta: v[j] * (towards[j] - away[j]) }));
    deltas.sort((x, y) => y.delta - x.delta);
    const doc = analyse(paper.text);
    return {
      paper: paper.paper,
      hamilton,
      madison,
      hamiltonInterpretable: mean(0, nH, false),
      madisonInterpretable: mean(nH, nM, false),
      verdict,
      topFeatures: deltas.slice(0, 5).map((x) => ({ ...x, evidence: featureEvidence(doc, x.feature, 12) })),
    };
  });
  onProgress?.(1);
  return rows;
}

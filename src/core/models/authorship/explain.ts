import { StudioError } from '../../../shared/errors';
import type { AuthorshipPairView } from '../../../shared/schemas/authorship';
import { analyse, type Doc } from '../../text/nlp/analyse';
import { charProfile, CHAR_DIM, standardise } from './chars';
import { ic, interpretableShare } from './faithfulness';
import { predictResidual } from './residual';
import type { AuthorshipModelFiles } from './store';
import { contributions, cosine, featureEvidence, vectorise } from './vectorise';

type Model = Pick<AuthorshipModelFiles, 'info' | 'charStats' | 'residual'>;

/** A text the model can score: its Gram2Vec vector and standardised character profile. */
export interface ScoredText {
  vector: Float32Array;
  profile: Float32Array;
  doc: Doc | null;
}

export function scoredText(model: Model, text: string, keepDoc = false): ScoredText {
  const doc = analyse(text);
  return { vector: Float32Array.from(vectorise(doc)), profile: standardise(charProfile(text), CHAR_DIM, model.charStats), doc: keepDoc ? doc : null };
}

/** r̂ for pairs (i, j) of scored texts. */
export async function residualOf(model: Model, texts: readonly ScoredText[], pairs: readonly [number, number][]): Promise<Float32Array> {
  const profiles = new Float32Array(texts.length * CHAR_DIM);
  texts.forEach((t, i) => profiles.set(t.profile, i * CHAR_DIM));
  return predictResidual(model.residual, { profiles, dim: CHAR_DIM, a: Int32Array.from(pairs, (p) => p[0]), b: Int32Array.from(pairs, (p) => p[1]) });
}

/**
 * One pair explained: s_I with its largest feature contributions, r̂, the decision of each
 * system, IC and the interpretable share, and the evidence of the top features in both texts.
 */
export async function explainPair(model: Model, a: { id: string; author: string; text: string }, b: { id: string; author: string; text: string }, same: 0 | 1 | null, top = 12): Promise<AuthorshipPairView> {
  if (a.text.trim() === '' || b.text.trim() === '') throw new StudioError('bad-input', `text "${a.text.trim() === '' ? a.id : b.id}" is empty`, 'pair');
  const ta = scoredText(model, a.text, true);
  const tb = scoredText(model, b.text, true);
  const sI = cosine(ta.vector, tb.vector);
  const [rHat] = await residualOf(model, [ta, tb], [[0, 1]]);
  const all = contributions(ta.vector, tb.vector);
  const shown = all.slice(0, top);
  const { residualized: theta, interpretable: thetaI } = model.info.thresholds;
  const evidence = Object.fromEntries(shown.map((c) => [c.feature, { a: featureEvidence(ta.doc!, c.feature), b: featureEvidence(tb.doc!, c.feature) }]));
  return {
    a,
    b,
    same,
    sI,
    rHat,
    score: sI + rHat,
    theta,
    thetaInterpretable: thetaI,
    verdict: sI + rHat > theta ? 'same' : 'different',
    verdictInterpretable: sI > thetaI ? 'same' : 'different',
    ic: ic(rHat),
    interpretableShare: interpretableShare(sI, rHat),
    contributions: shown,
    rest: sI - shown.reduce((s, c) => s + c.value, 0),
    evidence,
  };
}

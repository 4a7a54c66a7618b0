import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';

/** A text with its author: what the sampler and the vectoriser read. */
export interface AuthoredText {
  id: string;
  author: string;
  text: string;
}

/** Two texts (indices into the text list) and whether one author wrote both (1) or not (0). */
export interface TextPair {
  a: number;
  b: number;
  same: 0 | 1;
}

export type PairSplit = 'train' | 'dev' | 'test';
export type PairSets = Record<PairSplit, TextPair[]>;

export interface SamplerOptions {
  seed: number;
  /** 'open': authors disjoint between train, dev and test (verification of unseen authors); 'closed': every author in every split, texts disjoint */
  protocol: 'open' | 'closed';
  /** pairs per split (half same-author, half different) */
  pairs: Record<PairSplit, number>;
  /** shares of authors (open) or of each author's texts (closed) for train and dev; test gets the rest */
  fractions?: { train: number; dev: number };
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/** Texts by author, in first-seen order; an author with one text cannot make a same-author pair. */
export function byAuthor(texts: readonly AuthoredText[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  texts.forEach((t, i) => groups.set(t.author, [...(groups.get(t.author) ?? []), i]));
  return groups;
}

/**
 * Balanced same/different pairs over the given authors' texts, seeded: a same pair is two texts
 * of one author drawn uniformly, a different pair one text of each of two authors. No pair repeats.
 */
function sampleBalanced(groups: readonly number[][], count: number, rng: Rng, where: string): TextPair[] {
  const usable = groups.filter((g) => g.length >= 2);
  if (usable.length === 0) throw new StudioError('bad-input', `no author in the ${where} split has two texts, so no same-author pair can be drawn`, where);
  if (groups.length < 2) throw new StudioError('bad-input', `the ${where} split has one author, so no different-author pair can be drawn`, where);
  const seen = new Set<string>();
  const out: TextPair[] = [];
  const key = (a: number, b: number) => (a < b ? `${a},${b}` : `${b},${a}`);
  const half = Math.floor(count / 2);
  for (let tries = 0; out.length < half && tries < 50 * count; tries++) {
    const g = usable[rng.int(usable.length)];
    const [a, b] = [g[rng.int(g.length)], g[rng.int(g.length)]];
    if (a === b || seen.has(key(a, b))) continue;
    seen.add(key(a, b));
    out.push({ a, b, same: 1 });
  }
  const sameCount = out.length;
  for (let tries = 0; out.length < sameCount + (count - half) && tries < 50 * count; tries++) {
    const [i, j] = [rng.int(groups.length), rng.int(groups.length)];
    if (i === j) continue;
    const a = groups[i][rng.int(groups[i].length)];
    const b = groups[j][rng.int(groups[j].length)];
    if (seen.has(key(a, b))) continue;
    seen.add(key(a, b));
    out.push({ a, b, same: 0 });
  }
  return shuffle(out, rng);
}

/**
 * Train, dev and test pairs. Open protocol: authors are shuffled and cut into three disjoint
 * sets, so test authors are never seen in training. Closed: each author's texts are cut instead.
 * Authors with one text are named: they can only ever sit on one side of a different pair.
 */
export function samplePairs(texts: readonly AuthoredText[], options: SamplerOptions): PairSets {
  const rng = new Rng(options.seed);
  const groups = byAuthor(texts);
  const single = [...groups].filter(([, g]) => g.length < 2).map(([a]) => a);
  if (single.length > 0) throw new StudioError('bad-input', `author "${single[0]}" has one text, but verification pairs need two per author${single.length > 1 ? ` (${single.length} such authors)` : ''}`, `author ${single[0]}`);
  const fr = options.fractions ?? { train: 0.6, dev: 0.2 };
  // `least`: the fewest dev and test get (open: 2 authors each, so both can draw different-author pairs)
  const cut = <T>(xs: T[], least = 1): Record<PairSplit, T[]> => {
    const nDev = Math.max(least, Math.round(fr.dev * xs.length));
    const nTrain = Math.max(1, Math.min(Math.round(fr.train * xs.length), xs.length - nDev - least));
    return { train: xs.slice(0, nTrain), dev: xs.slice(nTrain, nTrain + nDev), test: xs.slice(nTrain + nDev) };
  };
  let split: Record<PairSplit, number[][]>;
  if (options.protocol === 'open') {
    const authors = shuffle([...groups.keys()], rng);
    if (authors.length < 6) throw new StudioError('bad-input', `the open protocol needs at least 6 authors (2 per split), got ${authors.length}`, 'authors');
    const parts = cut(authors, 2);
    split = { train: parts.train.map((a) => groups.get(a)!), dev: parts.dev.map((a) => groups.get(a)!), test: parts.test.map((a) => groups.get(a)!) };
  } else {
    split = { train: [], dev: [], test: [] };
    for (const g of groups.values()) {
      const parts = cut(shuffle([...g], rng));
      for (const s of ['train', 'dev', 'test'] as const) if (parts[s].length > 0) split[s].push(parts[s]);
    }
  }
  return {
    train: sampleBalanced(split.train, options.pairs.train, rng, 'train'),
    dev: sampleBalanced(split.dev, options.pairs.dev, rng, 'dev'),
    test: sampleBalanced(split.test, options.pairs.test, rng, 'test'),
  };
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { AuthorshipModelInfo, type AuthorshipPairScore } from '../../../shared/schemas/authorship';
import { readSafetensors, writeSafetensors } from '../../data/safetensors';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic';
import { CHAR_DIM } from './chars';
import type { AuthoredText } from './pairs';
import { parameterNames, type ResidualModel } from './residual';
import type { AuthorshipTraining } from './train';

/** The files of an authorship model's folder (models/<id>/). */
export const AUTHORSHIP_FILES = {
  info: 'authorship.json',
  /** both networks' weights (`residual.*`, `neural.*`) and the character profiles' standardisation */
  weights: 'weights.safetensors',
  /** the Gram2Vec vectors of every text [texts, features] */
  vectors: 'vectors.safetensors',
  texts: 'texts.jsonl',
  pairs: 'pairs.json',
  /** per test pair: s_I, r̂ and the neural-only score */
  scores: 'scores.json',
} as const;

export interface AuthorshipModelFiles {
  info: AuthorshipModelInfo;
  texts: AuthoredText[];
  pairs: AuthorshipTraining['pairs'];
  vectors: Float32Array;
  charStats: { mean: Float32Array; std: Float32Array };
  residual: Pick<ResidualModel, 'dim' | 'config' | 'values'>;
  neural: Pick<ResidualModel, 'dim' | 'config' | 'values'>;
  scores: AuthorshipPairScore[];
}

export function testScores(t: Pick<AuthorshipTraining, 'texts' | 'pairs' | 'test'>): AuthorshipPairScore[] {
  return t.pairs.test.map((p, i) => ({ pair: i, a: t.texts[p.a].id, b: t.texts[p.b].id, same: p.same, sI: t.test.sI[i], rHat: t.test.rHat[i], neural: t.test.neural[i] }));
}

export async function saveAuthorshipModel(dir: string, info: AuthorshipModelInfo, t: AuthorshipTraining): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const { code } = t.residual.config;
  const tensors: Record<string, { shape: number[]; data: Float32Array }> = {
    'chars.mean': { shape: [CHAR_DIM], data: t.charStats.mean },
    'chars.std': { shape: [CHAR_DIM], data: t.charStats.std },
  };
  for (const [prefix, m] of [['residual', t.residual], ['neural', t.neural]] as const) {
    for (const name of parameterNames(m.dim, code)) {
      const data = m.values[name];
      const [layer, kind] = name.split('.');
      const fanOut = layer === 'enc' ? code : layer === 'head0' ? code : layer === 'head1' ? code / 2 : 1;
      tensors[`${prefix}.${name}`] = { shape: kind === 'b' ? [data.length] : [data.length / fanOut, fanOut], data };
    }
  }
  await writeSafetensors(path.join(dir, AUTHORSHIP_FILES.weights), tensors, { code: String(code), dim: String(t.residual.dim) });
  const F = info.features;
  await writeSafetensors(path.join(dir, AUTHORSHIP_FILES.vectors), { vectors: { shape: [t.texts.length, F], data: t.vectors } });
  await writeFileAtomic(path.join(dir, AUTHORSHIP_FILES.texts), t.texts.map((x) => JSON.stringify(x)).join('\n') + '\n');
  await writeJsonAtomic(path.join(dir, AUTHORSHIP_FILES.pairs), t.pairs);
  await writeJsonAtomic(path.join(dir, AUTHORSHIP_FILES.scores), testScores(t));
  // written last: a folder with authorship.json is complete
  await writeJsonAtomic(path.join(dir, AUTHORSHIP_FILES.info), info);
}

export async function readAuthorshipInfo(dir: string): Promise<AuthorshipModelInfo> {
  const file = path.join(dir, AUTHORSHIP_FILES.info);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StudioError('not-found', 'this model is not an authorship model', file);
    throw new StudioError('bad-file', 'authorship.json is not valid JSON', file);
  }
  const parsed = AuthorshipModelInfo.safeParse(raw);
  if (!parsed.success) throw new StudioError('bad-file', `authorship.json is invalid: ${parsed.error.issues[0].message}`, `${file}: ${parsed.error.issues[0].path.join('.')}`);
  return parsed.data;
}

export async function loadAuthorshipModel(dir: string): Promise<AuthorshipModelFiles> {
  const info = await readAuthorshipInfo(dir);
  const weights = await readSafetensors(path.join(dir, AUTHORSHIP_FILES.weights));
  const vectors = await readSafetensors(path.join(dir, AUTHORSHIP_FILES.vectors));
  const t = weights.tensors;
  const dim = Number(weights.metadata.dim);
  const net = (prefix: string) => ({
    dim,
    config: { ...info.config, seed: info.config.seed },
    values: Object.fromEntries(parameterNames(dim, info.config.code).map((n) => [n, t[`${prefix}.${n}`].data])),
  });
  const texts = (await fs.readFile(path.join(dir, AUTHORSHIP_FILES.texts), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuthoredText);
  return {
    info,
    texts,
    pairs: JSON.parse(await fs.readFile(path.join(dir, AUTHORSHIP_FILES.pairs), 'utf8')) as AuthorshipTraining['pairs'],
    vectors: vectors.tensors.vectors.data,
    charStats: { mean: t['chars.mean'].data, std: t['chars.std'].data },
    residual: net('residual'),
    neural: net('neural'),
    scores: JSON.parse(await fs.readFile(path.join(dir, AUTHORSHIP_FILES.scores), 'utf8')) as AuthorshipPairScore[],
  };
}

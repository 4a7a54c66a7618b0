import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseCsvRecords } from '../../data/csv';
import { importMatrix } from '../../data/import';
import { writeNpy } from '../../data/npy';
import { Rng } from '../../io/rng';
import { datasetDir } from '../../project/layout';
import { Project } from '../../project/project';
import { saveSaeLens } from '../../sae/checkpoint/saelens';
import { randomSae } from '../../sae/checkpoint/testSae';
import { runDir, writeRunInfo } from '../../sae/run/folder';

/** Real review texts (Amazon Fine Food Reviews, CC0; see /work/shared/data/reviews/SOURCES.md §1). */
export const REVIEWS = '/work/shared/data/reviews/amazon_fine_food_reviews_first5k.csv';
/** The token the planted feature reads (a word after a space, as GPT-style tokenizers split it). */
export const PLANTED_WORD = ' great';
export const PLANTED_FEATURE = 0;
/** The planted feature's code on its word: e·e − bias with a unit embedding e. */
export const PLANTED_ACTIVATION = 0.1;
const D = 32;
const TOKENS_PER_REVIEW = 48;

/** Lower-case words and punctuation marks of a review, each with the space before it, as GPT-style tokenizers split text. */
export function reviewTokens(text: string): string[] {
  const clean = text.toLowerCase().replace(/<br \/>/g, ' ').replace(/\s+/g, ' ').trim();
  return (clean.match(/ ?[a-z0-9']+| ?[^\sa-z0-9']/g) ?? []).slice(0, TOKENS_PER_REVIEW);
}

/**
 * A closed project with a text dataset and one SAE run on it, for the explorer's token views:
 * each row is the unit embedding (seeded, random, d = 32) of one token of a real review,
 * imported from an .npy with its token sidecar; the run is a ReLU SAE with random features
 * except feature 0, whose encoder is the embedding of " great" with bias −0.9, so it fires
 * (at 0.1) exactly on that word: random unit vectors in 32 dims have cosine > 0.9 with
 * probability below 1e-6.
 */
export async function seedTokenProject(dir: string, opts: { reviews: number; features: number }): Promise<{ datasetId: string; runId: string; tokens: string[][] }> {
  const [header, ...records] = parseCsvRecords(await fs.readFile(REVIEWS, 'utf8'));
  const textColumn = header.indexOf('Text');
  const sequences = records.slice(0, opts.reviews).map((r) => reviewTokens(r[textColumn]));
  const rng = new Rng(7);
  const embedding = new Map<string, Float32Array>();
  const embed = (word: string) => {
    let e = embedding.get(word);
    if (!e) {
      e = Float32Array.from({ length: D }, () => rng.normal());
      const norm = Math.hypot(...e);
      for (let j = 0; j < D; j++) e[j] /= norm;
      embedding.set(word, e);
    }
    return e;
  };
  const rows = sequences.flat();
  const x = new Float32Array(rows.length * D);
  rows.forEach((word, r) => x.set(embed(word), r * D));
  const scratch = path.join(dir, '..', `.${path.basename(dir)}-source`);
  await fs.mkdir(scratch, { recursive: true });
  const npy = path.join(scratch, 'reviews.npy');
  const tokensFile = path.join(scratch, 'reviews.tokens.json');
  await writeNpy(npy, x, [rows.length, D]);
  await fs.writeFile(tokensFile, JSON.stringify({ sequences }));

  const project = await Project.create(dir, 'Tokens');
  try {
    const datasetId = 'reviews';
    const meta = await importMatrix({ source: npy, tokens: tokensFile, id: datasetId, name: 'Review tokens', datasetDir: datasetDir(project.dir, datasetId) });
    const sae = randomSae('standard', D, opts.features, 3);
    sae.b_dec.fill(0);
    const planted = embed(PLANTED_WORD);
    for (let j = 0; j < D; j++) sae.W_enc[j * opts.features + PLANTED_FEATURE] = planted[j];
    sae.b_enc[PLANTED_FEATURE] = PLANTED_ACTIVATION - 1;
    const runId = 'relu-planted';
    const folder = runDir(project.dir, runId);
    await saveSaeLens(folder, sae);
    const now = new Date().toISOString();
    await writeRunInfo(folder, { id: runId, name: 'ReLU planted', createdAt: now, origin: 'imported', datasetId, arch: 'relu', saved: 'standard', dIn: D, dSae: opts.features, steps: 0, config: null, final: null, evaluated: false });
    await project.update((m) => {
      m.datasets.push({ id: datasetId, name: meta.name, createdAt: now });
      m.runs.push({ id: runId, name: 'ReLU planted', createdAt: now });
    });
    return { datasetId, runId, tokens: sequences };
  } finally {
    await project.close();
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

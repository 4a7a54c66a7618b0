import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { writeJsonAtomic } from '../../io/atomic';
import { readSchemaJson } from '../../io/schemaJson';
import { chat, type LlmSettings } from '../../llm';
import type { Candidate } from './candidates';
import type { EvalContext } from './language';

/**
 * PROMPT features (issue 17, §Optional LLM back end; AutoQual's PROMPT tools): an analyst-run
 * language model scores each review 1–10 on a criterion. Unlike every other feature the studio
 * cannot show why a review got its score, so these are opt-in only (a discovery option), marked
 * PROMPT wherever they appear, and cached per review in the project so a second run asks nothing
 * twice. A reply that is not one score from 1 to 10 is logged and left out (not cached, so a
 * later run asks again); a criterion with too many of them is dropped.
 */
export const PROMPT_CACHE_FILE = 'reviews-prompt-cache.json';
export const DEFAULT_PROMPT_CRITERIA = ['How helpful would a shopper find this review when deciding whether to buy the product?'];
/** more unusable replies than this share of the reviews drop the criterion */
export const MAX_MALFORMED_SHARE = 0.1;
/** new scores written to the cache at least this often, so a cancelled run keeps what it paid for */
const SAVE_EVERY = 20;

const Cache = z.object({ version: z.literal(1), scores: z.record(z.string(), z.number().min(1).max(10)) });
type Cache = z.infer<typeof Cache>;

export const promptCachePath = (projectDir: string) => path.join(projectDir, PROMPT_CACHE_FILE);

/** The cache key: the model, the criterion and the review's text (a changed review is scored again). */
export const promptKey = (model: string, criterion: string, text: string) => createHash('sha256').update(`${model}\n${criterion}\n${text}`).digest('hex');

async function readCache(file: string): Promise<Cache> {
  return (await readSchemaJson(file, Cache, 'the PROMPT score cache (delete it to score again)')) ?? { version: 1, scores: {} };
}

/** The score in a reply: one whole number 1–10 ("7", "7/10", "Score: 7."), else null. */
export function parseScore(reply: string): number | null {
  const m = /^\s*(?:score\s*[:=]?\s*)?(10|[1-9])(?:\s*(?:\/|out of)\s*10)?\s*\.?\s*$/i.exec(reply);
  return m ? Number(m[1]) : null;
}

export function promptMessages(criterion: string, text: string) {
  return [
    { role: 'system' as const, content: 'You rate product reviews. Answer with one whole number from 1 (worst) to 10 (best) and nothing else.' },
    { role: 'user' as const, content: `${criterion}\n\nReview:\n${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}` },
  ];
}

/** Each criterion's score per review (NaN where the reply was unusable), or null for a dropped criterion. */
export interface PromptScores {
  model: string;
  criteria: { criterion: string; scores: Float64Array | null; asked: number; cached: number; malformed: number }[];
}

export interface PromptHooks {
  log?: (line: string) => void;
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
}

/**
 * Scores every review on every criterion, from the project's cache where it can and from the
 * endpoint otherwise. An endpoint that cannot be reached ends the scoring with a log line and no
 * PROMPT features: the discovery goes on without them.
 */
export async function scorePrompts(settings: LlmSettings, cacheFile: string, criteria: readonly string[], texts: readonly string[], hooks: PromptHooks = {}): Promise<PromptScores> {
  const log = hooks.log ?? (() => {});
  const cache = await readCache(cacheFile);
  let unsaved = 0;
  const save = async () => {
    if (unsaved === 0) return;
    await writeJsonAtomic(cacheFile, cache);
    unsaved = 0;
  };
  const out: PromptScores = { model: settings.model, criteria: [] };
  const total = criteria.length * texts.length;
  let done = 0;
  try {
    for (const criterion of criteria) {
      const scores = new Float64Array(texts.length).fill(NaN);
      let asked = 0;
      let cached = 0;
      let malformed = 0;
      for (let i = 0; i < texts.length; i++) {
        if (hooks.signal?.aborted) throw new StudioError('cancelled', 'discovery cancelled');
        const key = promptKey(settings.model, criterion, texts[i]);
        const hit = cache.scores[key];
        if (hit !== undefined) {
          scores[i] = hit;
          cached++;
        } else {
          asked++;
          const reply = await chat(settings, promptMessages(criterion, texts[i]), { maxTokens: 8, signal: hooks.signal });
          const score = parseScore(reply.content);
          if (score === null) {
            malformed++;
            log(`PROMPT: review ${i + 1}: the reply ${JSON.stringify(reply.content.slice(0, 60))} is not one score from 1 to 10; left out`);
          } else {
            scores[i] = score;
            cache.scores[key] = score;
            if (++unsaved >= SAVE_EVERY) await save();
          }
        }
        hooks.progress?.(++done, total);
      }
      const dropped = malformed > MAX_MALFORMED_SHARE * texts.length;
      log(`PROMPT "${criterion}": ${cached} scores from the cache, ${asked} asked, ${malformed} unusable${dropped ? ` (over ${Math.round(100 * MAX_MALFORMED_SHARE)}%: the feature is dropped)` : ''}`);
      out.criteria.push({ criterion, scores: dropped ? null : scores, asked, cached, malformed });
    }
  } catch (err) {
    if ((err as StudioError).code === 'cancelled') throw err;
    log(`PROMPT features skipped: ${(err as Error).message}`);
  } finally {
    await save();
  }
  return out;
}

const lookupOf = (scores: Record<string, number>) => (criterion: string, model: string, text: string) => scores[promptKey(model, criterion, text)] ?? null;

/** The cached scores of a project, for the review viewer (a PROMPT feature shows the score it had). */
export async function promptContext(projectDir: string): Promise<EvalContext> {
  return { prompt: lookupOf((await readCache(promptCachePath(projectDir))).scores) };
}

/** Scores the reviews and turns each criterion that kept its scores into a PROMPT candidate. */
export async function promptCandidates(settings: LlmSettings, projectDir: string, criteria: readonly string[], texts: readonly string[], hooks: PromptHooks = {}): Promise<{ candidates: Candidate[]; ctx: EvalContext }> {
  const got = await scorePrompts(settings, promptCachePath(projectDir), criteria, texts, hooks);
  const scores: Record<string, number> = {};
  const candidates: Candidate[] = [];
  got.criteria.forEach((c, k) => {
    if (!c.scores) return;
    c.scores.forEach((s, i) => {
      if (Number.isFinite(s)) scores[promptKey(got.model, c.criterion, texts[i])] = s;
    });
    candidates.push({
      def: { name: `prompt:${k + 1}`, description: `PROMPT: ${got.model} scores the review 1–10 on "${c.criterion}"`, value: { prompt: { criterion: c.criterion, model: got.model } } },
      source: 'prompt',
      why: `PROMPT feature (switched on by the analyst): ${c.cached} scores from the project's cache, ${c.asked} asked, ${c.malformed} unusable replies (they take the training median)`,
    });
  });
  return { candidates, ctx: { prompt: lookupOf(scores) } };
}

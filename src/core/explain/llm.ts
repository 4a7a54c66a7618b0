/**
 * The optional LLM back end of the explainer (issue 19), through the studio's one client
 * (src/core/llm): a configured local endpoint proposes hypotheses as an English sentence paired
 * with a predicate in the studio's own JSON hypothesis language — parsed and validated here,
 * never executed; an invalid one is dropped — and can act as delphi's detection scorer with
 * logprobs, p = P("1") / (P("0") + P("1")) over the first token's top alternatives.
 */
import { z } from 'zod';
import { chat, type LlmSettings } from '../llm';
import type { BoardAtom } from './hypothesis/board';
import type { TextAtom } from './hypothesis/text';
import type { Pred } from './hypothesis/tree';

const BoardAtomSchema: z.ZodType<BoardAtom> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cell'), family: z.string(), cell: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('moveLine'), axis: z.enum(['row', 'col']), index: z.number().int().min(0).max(7) }),
  z.object({ kind: z.literal('ply'), min: z.number().int(), max: z.number().int() }),
  z.object({ kind: z.literal('count'), family: z.string(), cls: z.number().int().nonnegative(), min: z.number().int(), max: z.number().int() }),
]);

const TextAtomSchema: z.ZodType<TextAtom> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), tokens: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('word'), words: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('ngram'), tokens: z.array(z.string()).min(1).max(8) }),
  z.object({ kind: z.literal('regex'), source: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('pos'), tags: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('inWord'), where: z.enum(['start', 'middle', 'end', 'whole', 'outside']) }),
  z.object({ kind: z.literal('sentenceStart') }),
  z.object({ kind: z.literal('prev'), tokens: z.array(z.string()).min(1) }),
]);

function predSchema<A>(atomSchema: z.ZodType<A>): z.ZodType<Pred<A>> {
  const pred: z.ZodType<Pred<A>> = z.lazy(() =>
    z.union([
      z.object({ op: z.literal('atom'), atom: atomSchema }),
      z.object({ op: z.enum(['and', 'or']), parts: z.array(pred).min(1).max(4) }),
      z.object({ op: z.literal('not'), part: pred }),
    ]),
  ) as z.ZodType<Pred<A>>;
  return pred;
}

export const atomSchemas = { board: BoardAtomSchema, text: TextAtomSchema } as const;

const LANGUAGE: Record<'board' | 'text', string> = {
  board:
    'Atoms: {"kind":"cell","family":F,"cell":C} (family cell set; mine_yours cells are square*3+class with class 0 = side to move, 1 = empty, 2 = side that just moved; valid_moves, last_move, flipped cells are squares 0..63, a1=0, a8=7, b1=8), {"kind":"moveLine","axis":"row"|"col","index":0..7}, {"kind":"ply","min":m,"max":M}, {"kind":"count","family":"valid_moves"|"flipped","cls":0,"min":m,"max":M}.',
  text:
    'Atoms: {"kind":"token","tokens":[...]}, {"kind":"word","words":[...]} (lower case), {"kind":"ngram","tokens":[...]} (the tokens ending here), {"kind":"regex","source":"..."} (over the word holding the token), {"kind":"pos","tags":[UD tags]}, {"kind":"inWord","where":"start"|"middle"|"end"|"whole"|"outside"}, {"kind":"sentenceStart"}, {"kind":"prev","tokens":[...]}.',
};

/** Hypotheses proposed by the endpoint from the top exemplars; what does not parse or validate is left out. */
export async function llmHypotheses<A>(settings: LlmSettings, domain: 'board' | 'text', exemplars: readonly string[], signal?: AbortSignal): Promise<{ text: string; pred: Pred<A> }[]> {
  const reply = await chat(
    settings,
    [
      {
        role: 'system',
        content: `You explain a sparse-autoencoder feature. Answer with a JSON array of up to 4 objects {"text": an English explanation, "predicate": a predicate}. A predicate is {"op":"atom","atom":ATOM} or {"op":"and"|"or","parts":[...]} or {"op":"not","part":...}. ${LANGUAGE[domain]}`,
      },
      { role: 'user', content: `The feature's top activating examples:\n${exemplars.map((e, i) => `${i + 1}. ${e}`).join('\n')}` },
    ],
    { maxTokens: 800, signal },
  );
  const start = reply.content.indexOf('[');
  const end = reply.content.lastIndexOf(']');
  if (start < 0 || end <= start) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(reply.content.slice(start, end + 1));
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const schema = z.object({ text: z.string().min(1), predicate: predSchema(atomSchemas[domain] as z.ZodType<A>) });
  return raw.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [{ text: parsed.data.text, pred: parsed.data.predicate }] : [];
  });
}

/** delphi's detection with logprobs: P("1") / (P("0") + P("1")) among the first token's top 5; null without either digit. */
export async function llmDetection(settings: LlmSettings, explanation: string, example: string, signal?: AbortSignal): Promise<number | null> {
  const reply = await chat(
    settings,
    [
      { role: 'system', content: 'Given a feature explanation and a text example, answer 1 if the feature fires somewhere in the example, else 0. Answer with one digit.' },
      { role: 'user', content: `Explanation: ${explanation}\nExample: ${example}` },
    ],
    { maxTokens: 1, topLogprobs: 5, signal },
  );
  const top = reply.logprobs?.[0]?.top ?? [];
  let [p0, p1] = [0, 0];
  for (const t of top) {
    if (t.token.trim() === '0') p0 += Math.exp(t.logprob);
    if (t.token.trim() === '1') p1 += Math.exp(t.logprob);
  }
  return p0 + p1 > 0 ? p1 / (p0 + p1) : null;
}

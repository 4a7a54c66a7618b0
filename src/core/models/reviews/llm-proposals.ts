import { chat, type LlmSettings } from '../../llm';
import type { Candidate } from './candidates';
import type { ProposeContext } from './discover';
import { parseFeatureDef, usesPrompt } from './language';

/**
 * Optional: an analyst-run, OpenAI-compatible endpoint proposes hypotheses during reflection, as
 * AutoQual's high-performance model does, but as definitions in the studio's feature language.
 * Each line of the reply is parsed and checked against the language; a line that does not parse
 * is logged with the field at fault and dropped. Nothing the model writes is executed.
 */
const GRAMMAR = [
  'A feature is one JSON object per line: {"name": "...", "description": "...", "value": EXPR}.',
  'EXPR: {"count": M} | {"presence": M} | {"rate": M, "per": "words"|"sentences"|"chars"} | {"position": M} | {"length": "words"|"sentences"|"chars"} | {"ratio": [EXPR, EXPR]} | {"difference": [EXPR, EXPR]} | {"log1p": EXPR}.',
  'M: {"words": [..]} | {"prefixes": [..]} | {"phrases": [..]} | {"pos": ["ADJ", ...]} | {"entities": ["MONEY", ...]} | {"regex": "...", "flags": "i"}.',
].join('\n');

export function parseProposals(text: string, round: number): { candidates: Candidate[]; rejected: string[] } {
  const candidates: Candidate[] = [];
  const rejected: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').replace(/^`+|`+$/g, '').trim();
    if (!line.startsWith('{')) continue;
    try {
      const def = parseFeatureDef(line, 'llm proposal');
      // PROMPT features come only from the analyst's opt-in, never from a proposal
      if (usesPrompt(def.value)) throw new Error(`llm proposal.value: "${def.name}" is a PROMPT feature, which a proposal may not add`);
      candidates.push({ def, source: 'llm', why: `proposed by the language model in round ${round}` });
    } catch (err) {
      rejected.push((err as Error).message);
    }
  }
  return { candidates, rejected };
}

export function llmProposer(settings: LlmSettings, log: (line: string) => void, count = 5) {
  return async (ctx: ProposeContext, signal?: AbortSignal): Promise<Candidate[]> => {
    const clip = (t: string) => (t.length > 600 ? `${t.slice(0, 600)}…` : t);
    const reply = await chat(
      settings,
      [
        { role: 'system', content: `You propose interpretable features that predict how helpful shoppers find a product review. ${GRAMMAR}\nAnswer only with feature lines.` },
        {
          role: 'user',
          content: [
            `Current features: ${ctx.kept.map((h) => `${h.name} (ρ ${h.rhoValid?.toFixed(2) ?? '—'})`).join(', ') || 'none'}.`,
            'Reviews the model ranks too LOW:',
            ...ctx.under.slice(0, 5).map((t) => `- ${clip(t)}`),
            'Reviews the model ranks too HIGH:',
            ...ctx.over.slice(0, 5).map((t) => `- ${clip(t)}`),
            `Propose ${count} new features that tell these apart.`,
          ].join('\n'),
        },
      ],
      { signal, maxTokens: 800 },
    );
    const { candidates, rejected } = parseProposals(reply.content, ctx.round);
    for (const r of rejected) log(`dropped a proposal of the language model: ${r}`);
    log(`the language model proposed ${candidates.length} valid features${rejected.length ? `, ${rejected.length} dropped` : ''}`);
    return candidates;
  };
}

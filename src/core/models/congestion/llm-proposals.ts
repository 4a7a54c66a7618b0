import { chat, type LlmSettings } from '../../llm';
import { OPS, parseFeature, print, SOURCES, type Node } from './language';

/**
 * Optional: an analyst-run, OpenAI-compatible endpoint proposes features for the genetic
 * search, as MLLMA's crossover prompt does (ALGORITHMS-DETAIL §10), but as definitions in the
 * studio's feature language rather than code. Every line of the reply is parsed and
 * type-checked; anything that is not a valid definition is dropped and counted. Nothing the
 * model writes is executed.
 */
export type Proposer = (pool: readonly { definition: string; importance: number }[], count: number, signal?: AbortSignal) => Promise<{ proposed: Node[]; rejected: number }>;

function grammar(): string {
  const ops = Object.entries(OPS).map(([name, spec]) => `${name}(${spec.args.map((a) => (a.kind === 'num' ? `number ${a.min}..${a.max}${a.int ? ' integer' : ''}` : a.kind)).join(', ')}) -> ${spec.out}`);
  return [`Maps: ${Object.keys(SOURCES).join(', ')}.`, 'Operators:', ...ops].join('\n');
}

/** Pulls candidate definitions out of a reply: one per line, bullets, numbering and backticks removed. */
export function parseProposals(text: string): { proposed: Node[]; rejected: number } {
  const proposed: Node[] = [];
  let rejected = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').replace(/`/g, '').trim();
    if (!line || !/\(/.test(line)) continue;
    try {
      proposed.push(parseFeature(line, 'llm proposal'));
    } catch {
      rejected++;
    }
  }
  return { proposed, rejected };
}

export function llmProposer(settings: LlmSettings): Proposer {
  return async (pool, count, signal) => {
    const reply = await chat(
      settings,
      [
        { role: 'system', content: 'You propose interpretable features of chip layouts that explain routing congestion. Answer only with feature definitions in the given language, one per line, no explanations.' },
        {
          role: 'user',
          content: `${grammar()}\n\nA feature is one expression that reduces to a scalar, e.g. mean(mul(rudy, near(macro, 4))).\nCurrent features and their importance:\n${pool.map((f) => `${f.importance.toFixed(3)} ${f.definition}`).join('\n')}\n\nPropose ${count} new features unlike the existing ones.`,
        },
      ],
      { temperature: 0.7, signal },
    );
    return parseProposals(reply.content);
  };
}

export const printProposals = (nodes: readonly Node[]) => nodes.map(print);

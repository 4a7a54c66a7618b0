import { z } from 'zod';
import { StudioError } from '../../shared/errors';
import { checkEndpoint, type LlmSettings } from './settings';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  temperature?: number;
  maxTokens?: number;
  /** ask for the top alternatives of each generated token (delphi's scorer reads digit probabilities) */
  topLogprobs?: number;
  signal?: AbortSignal;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  top: { token: string; logprob: number }[];
}

export interface ChatReply {
  content: string;
  /** per generated token, when asked for and the server gives them */
  logprobs: TokenLogprob[] | null;
  model: string;
}

// What OpenAI-compatible servers (llama.cpp, Ollama, vLLM) answer; extra fields are ignored.
const TopLogprob = z.object({ token: z.string(), logprob: z.number() });
const ChatResponse = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable() }),
        logprobs: z
          .object({ content: z.array(TopLogprob.extend({ top_logprobs: z.array(TopLogprob).optional() })).nullable() })
          .nullable()
          .optional(),
      }),
    )
    .min(1),
});

/**
 * The studio's one client for an optional, analyst-run, OpenAI-compatible chat endpoint.
 * Everything it returns is text for the studio to parse and validate (a feature or hypothesis
 * definition in one of the studio's own languages); nothing it returns is ever executed.
 */
export async function chat(settings: LlmSettings, messages: ChatMessage[], options: ChatOptions = {}): Promise<ChatReply> {
  const base = checkEndpoint(settings);
  const url = new URL(base.pathname.replace(/\/$/, '').endsWith('/v1') ? 'chat/completions' : 'v1/chat/completions', base.href.endsWith('/') ? base.href : `${base.href}/`);
  const body: Record<string, unknown> = {
    model: settings.model,
    messages,
    temperature: options.temperature ?? 0,
    stream: false,
  };
  if (options.maxTokens !== undefined) body.max_tokens = options.maxTokens;
  if (options.topLogprobs !== undefined) {
    body.logprobs = true;
    body.top_logprobs = options.topLogprobs;
  }
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (options.signal?.aborted) throw new StudioError('cancelled', 'the LLM request was cancelled', url.host);
    if (timeout.aborted) throw new StudioError('runtime', `the LLM endpoint did not answer within ${settings.timeoutMs} ms`, url.host);
    throw new StudioError('runtime', `the LLM endpoint cannot be reached: ${(err as Error).message}`, url.host);
  }
  if (!response.ok) {
    // the status only: a server's error body may echo the prompt
    throw new StudioError('runtime', `the LLM endpoint answered HTTP ${response.status}`, url.host);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new StudioError('runtime', 'the LLM endpoint answered something that is not JSON', url.host);
  }
  const parsed = ChatResponse.safeParse(json);
  if (!parsed.success) throw new StudioError('runtime', `the LLM endpoint's answer is not a chat completion (${parsed.error.issues[0].path.join('.')})`, url.host);
  const choice = parsed.data.choices[0];
  const logprobs =
    choice.logprobs?.content?.map((t) => ({ token: t.token, logprob: t.logprob, top: t.top_logprobs ?? [] })) ?? null;
  return { content: choice.message.content ?? '', logprobs, model: parsed.data.model ?? settings.model };
}

/**
 * delphi's scorer reading: the expected value over digit tokens at the first generated
 * position, Σ d·p(d) / Σ p(d) over the digits among the top alternatives; null when none is a digit.
 */
export function expectedDigit(reply: ChatReply): number | null {
  const first = reply.logprobs?.[0];
  if (!first) return null;
  const options = first.top.length > 0 ? first.top : [{ token: first.token, logprob: first.logprob }];
  let mass = 0;
  let sum = 0;
  for (const { token, logprob } of options) {
    const t = token.trim();
    if (!/^\d$/.test(t)) continue;
    const p = Math.exp(logprob);
    mass += p;
    sum += p * Number(t);
  }
  return mass > 0 ? sum / mass : null;
}

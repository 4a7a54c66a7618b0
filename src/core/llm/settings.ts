import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../shared/errors';
import { writeJsonAtomic } from '../io/atomic';
import { readSchemaJson } from '../io/schemaJson';

/**
 * The optional local language-model endpoint, studio-wide (one setting for every workspace).
 * There is no default URL: with no endpoint configured the studio works fully offline, and a
 * hosted service is never chosen for the analyst. Hosts other than this machine need
 * `allowRemote`, so a mistyped setting never sends project text off the machine unnoticed.
 */
export const LlmSettings = z.object({
  /** base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080 (llama.cpp), http://127.0.0.1:11434 (Ollama) */
  url: z.string().url(),
  /** the model name the server expects */
  model: z.string().min(1),
  /** sent as a Bearer token where the local server wants one */
  apiKey: z.string().optional(),
  /** per request */
  timeoutMs: z.number().int().positive().max(600_000).default(60_000),
  /** permit a host that is not loopback */
  allowRemote: z.boolean().default(false),
});
export type LlmSettings = z.infer<typeof LlmSettings>;

export const LLM_SETTINGS_FILE = 'llm.json';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Checks a setting's URL: http(s) only, loopback unless `allowRemote`. */
export function checkEndpoint(settings: LlmSettings): URL {
  const url = new URL(settings.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new StudioError('bad-input', `the LLM endpoint must be http or https, got ${url.protocol}`, 'llm.url');
  const host = url.hostname;
  const loopback = LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (!loopback && !settings.allowRemote) {
    throw new StudioError('forbidden', `the LLM endpoint ${host} is not on this machine; set allowRemote to use it`, 'llm.url');
  }
  return url;
}

/** The saved setting, or null when none is configured (the offline default). */
export async function readLlmSettings(home: string): Promise<LlmSettings | null> {
  return readSchemaJson(path.join(home, LLM_SETTINGS_FILE), LlmSettings, 'the LLM setting');
}

/** Saves (or, with null, removes) the setting. */
export async function writeLlmSettings(home: string, settings: LlmSettings | null): Promise<void> {
  const file = path.join(home, LLM_SETTINGS_FILE);
  if (settings === null) {
    await fs.rm(file, { force: true });
    return;
  }
  const checked = LlmSettings.parse(settings);
  checkEndpoint(checked);
  await fs.mkdir(home, { recursive: true });
  await writeJsonAtomic(file, checked);
}

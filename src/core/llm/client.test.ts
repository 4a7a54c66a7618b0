import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { chat, expectedDigit, readLlmSettings, writeLlmSettings, type LlmSettings } from '.';
import { startFakeLlmServer, type FakeLlmServer } from './testing/fake-server';

describe('the optional LLM client against a local server speaking the protocol', () => {
  let server: FakeLlmServer;
  beforeAll(async () => {
    server = await startFakeLlmServer((body) => {
      const last = (body.messages as { content: string }[]).at(-1)!.content;
      if (last === 'fail') return { content: '', status: 500 };
      return { content: `echo: ${last}`, top: [{ token: '7', logprob: Math.log(0.5) }, { token: '9', logprob: Math.log(0.3) }, { token: 'x', logprob: Math.log(0.2) }] };
    });
  });
  afterAll(() => server.close());
  const settings = (): LlmSettings => ({ url: server.url, model: 'tiny', apiKey: 'k', timeoutMs: 5_000, allowRemote: false });

  it('sends a chat completion and reads the answer, the model and the Bearer key', async () => {
    const reply = await chat(settings(), [{ role: 'user', content: 'hello' }], { maxTokens: 8 });
    expect(reply.content).toBe('echo: hello');
    expect(reply.model).toBe('tiny');
    const req = server.requests.at(-1)!;
    expect(req.authorization).toBe('Bearer k');
    expect(req.body).toMatchObject({ model: 'tiny', max_tokens: 8, temperature: 0, stream: false });
    expect(req.body.logprobs).toBeUndefined();
  });

  it('accepts a base URL that already ends in /v1', async () => {
    const reply = await chat({ ...settings(), url: `${server.url}/v1` }, [{ role: 'user', content: 'v1' }]);
    expect(reply.content).toBe('echo: v1');
  });

  it('reads logprobs and takes the expected digit as delphi does: (7·0.5 + 9·0.3) / 0.8', async () => {
    const reply = await chat(settings(), [{ role: 'user', content: 'score' }], { topLogprobs: 5 });
    expect(server.requests.at(-1)!.body).toMatchObject({ logprobs: true, top_logprobs: 5 });
    expect(expectedDigit(reply)).toBeCloseTo((7 * 0.5 + 9 * 0.3) / 0.8, 12);
  });

  it('names the failure without echoing the body, and refuses hosts off this machine', async () => {
    await expect(chat(settings(), [{ role: 'user', content: 'fail' }])).rejects.toThrow(/answered HTTP 500/);
    const remote = { ...settings(), url: 'http://example.com:8080' };
    await expect(chat(remote, [{ role: 'user', content: 'x' }])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(chat({ ...settings(), url: 'http://127.0.0.1:9' }, [{ role: 'user', content: 'x' }])).rejects.toBeInstanceOf(StudioError);
  });

  it('keeps the setting in the studio home, atomically, and has none by default', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'llm-'));
    expect(await readLlmSettings(home)).toBeNull();
    await writeLlmSettings(home, settings());
    expect(await readLlmSettings(home)).toEqual(settings());
    await fs.writeFile(path.join(home, 'llm.json'), '{"url": "nope", "model": "m"}');
    await expect(readLlmSettings(home)).rejects.toThrow(/llm\.json: url/);
    await writeLlmSettings(home, null);
    expect(await readLlmSettings(home)).toBeNull();
  });
});

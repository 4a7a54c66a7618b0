import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLlmRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeLlmServer {
  url: string;
  requests: FakeLlmRequest[];
  close(): Promise<void>;
}

/**
 * A small local server that speaks the OpenAI chat-completions protocol, for tests: `answer`
 * maps each request to the assistant's text and, optionally, the first token's alternatives
 * as logprobs. It listens on 127.0.0.1 only.
 */
export async function startFakeLlmServer(
  answer: (body: Record<string, unknown>) => { content: string; top?: { token: string; logprob: number }[]; status?: number },
): Promise<FakeLlmServer> {
  const requests: FakeLlmRequest[] = [];
  const server = http.createServer((req, res) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404).end();
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(data) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end();
        return;
      }
      requests.push({ path: req.url, authorization: req.headers.authorization, body });
      const reply = answer(body);
      if (reply.status && reply.status !== 200) {
        res.writeHead(reply.status).end('{"error":"refused"}');
        return;
      }
      const first = reply.top?.[0];
      const logprobs = body.logprobs && first ? { content: [{ token: first.token, logprob: first.logprob, top_logprobs: reply.top }] } : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'x', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, logprobs, finish_reason: 'stop' }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

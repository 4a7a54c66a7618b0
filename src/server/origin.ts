import os from 'node:os';
import type { IncomingMessage } from 'node:http';
import { StudioError } from '../shared/errors';

/** Addresses that mean "every interface": the names a client may use are then the machine's own. */
const WILDCARDS = new Set(['0.0.0.0', '::', '']);
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Who may talk to `serve`, decided from what it was bound to, never from the request (issue 24).
 * A Host outside the bound names is a DNS-rebinding page reaching the loopback port under a
 * foreign name; an Origin other than the page's own is another site driving the API with a
 * token it somehow learnt. Both are refused before the token is even looked at.
 */
export class RequestGate {
  /** `name:port` values the Host header may carry */
  readonly hosts: ReadonlySet<string>;
  /** `http://name:port` values a browser's Origin header may carry */
  readonly origins: ReadonlySet<string>;
  /** `ws://name:port` values for the page's connect-src */
  readonly socketOrigins: readonly string[];

  constructor(boundHost: string, port: number) {
    const names = new Set(LOOPBACK_NAMES);
    if (WILDCARDS.has(boundHost)) {
      names.add(os.hostname().toLowerCase());
      for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address));
    } else names.add(bracket(boundHost.toLowerCase()));
    const withPort = [...names].map((n) => `${n}:${port}`);
    this.hosts = new Set(withPort);
    this.origins = new Set(withPort.map((h) => `http://${h}`));
    // Chromium rejects an IPv6 literal in a CSP source list (and logs an error on every page),
    // so those names get their socket through 'self' alone.
    this.socketOrigins = withPort.filter((h) => !h.startsWith('[')).map((h) => `ws://${h}`);
  }

  /** Throws `forbidden` unless Host names this server and any Origin is this server's own. */
  check(req: IncomingMessage, needsSameOrigin: boolean): void {
    const host = req.headers.host?.toLowerCase();
    if (!host || !this.hosts.has(host)) {
      throw new StudioError('forbidden', 'this server answers only to the names it is bound to (Host header refused)', 'host');
    }
    const origin = req.headers.origin;
    if (origin === undefined) return;
    // Same-origin: the page that calls must be this server's page, reached under the same name.
    if (needsSameOrigin && origin.toLowerCase() !== `http://${host}`) {
      throw new StudioError('forbidden', 'requests from another origin are refused', 'origin');
    }
  }
}

const bracket = (address: string): string => (address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);

/** A chosen token shorter than this is guessable; the default is 43 characters. */
export const MIN_TOKEN_LENGTH = 16;

export function checkChosenToken(token: string): void {
  if (token.trim().length < MIN_TOKEN_LENGTH) {
    throw new StudioError('bad-input', `the token must be at least ${MIN_TOKEN_LENGTH} characters (leave --token out for a random one)`, 'token');
  }
}

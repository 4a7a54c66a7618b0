/**
 * The renderer's Content-Security-Policy, the same in Electron and under `serve`: scripts only
 * from the app itself, no eval, no plugins, no framing, nothing fetched from elsewhere; styles
 * only from the bundle's files (components set styles through the CSSOM, which CSP allows).
 * `connect` adds the event socket's origin (`ws://host:port`), which older engines do not
 * count as 'self'.
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

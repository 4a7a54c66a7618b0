/** Pure checks the main process applies to navigation and IPC (kept free of `electron` so they are unit-tested). */

/** Only web links leave the app, and only to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * `scheme://host[:port]` of a URL. Not `URL.origin`: Node's URL gives "null" as the origin of
 * custom schemes such as `app://`, which would make every app URL look alike.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** The part of a `WebFrameMain` the sender check reads. */
export interface FrameLike {
  url: string;
  parent: unknown;
}

/** True only for a top-level frame showing the studio's own origin (no iframes, no other sites). */
export function isAppFrame(frame: FrameLike | null | undefined, appOrigin: string): boolean {
  if (!frame || frame.parent !== null) return false;
  return originOf(frame.url) === appOrigin;
}

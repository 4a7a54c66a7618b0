import { describe, expect, it } from 'vitest';
import { isAppFrame, isExternalWebUrl } from './guards';

describe('main-process guards', () => {
  it('opens only http(s) links externally', () => {
    expect(isExternalWebUrl('https://example.org/a')).toBe(true);
    expect(isExternalWebUrl('http://example.org')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://studio/index.html', 'not a url']) expect(isExternalWebUrl(url), url).toBe(false);
  });

  it('accepts IPC only from the top frame of the app origin', () => {
    const origin = 'app://studio';
    expect(isAppFrame({ url: 'app://studio/index.html#/project/x', parent: null }, origin)).toBe(true);
    expect(isAppFrame({ url: 'app://studio/index.html', parent: {} }, origin)).toBe(false);
    expect(isAppFrame({ url: 'https://evil.example/', parent: null }, origin)).toBe(false);
    expect(isAppFrame({ url: 'app://studio.evil/index.html', parent: null }, origin)).toBe(false);
    expect(isAppFrame(null, origin)).toBe(false);
    expect(isAppFrame({ url: 'http://localhost:5173/#/', parent: null }, 'http://localhost:5173')).toBe(true);
    expect(isAppFrame({ url: 'http://localhost:5174/', parent: null }, 'http://localhost:5173')).toBe(false);
  });
});

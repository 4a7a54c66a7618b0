import { describe, expect, it } from 'vitest';
import { byteTokenLabels, documentTokens, DOC_START } from './bytes';

describe('byte tokens', () => {
  it('opens each document with DOC_START and keeps its UTF-8 bytes', () => {
    expect(Array.from(documentTokens('hé'))).toEqual([DOC_START, 0x68, 0xc3, 0xa9]);
    // a NUL inside a text would read as a document start: it becomes a space
    expect(Array.from(documentTokens('a\u0000b'))).toEqual([DOC_START, 0x61, 0x20, 0x62]);
  });

  it('labels every byte readably, a split character whole on its first byte and numbered after', () => {
    const bytes = documentTokens('It’s\né');
    expect(byteTokenLabels(bytes)).toEqual(['␂', 'I', 't', '’', '’·2', '’·3', 's', '↵', 'é', 'é·2']);
  });

  it('shows bytes that start or continue no valid character as hex', () => {
    // a lone continuation byte, and a 3-byte lead cut short by the end of the window
    expect(byteTokenLabels([0x61, 0x80, 0xe2, 0x80])).toEqual(['a', '\\x80', '\\xe2', '\\x80']);
  });
});

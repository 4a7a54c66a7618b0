import { describe, expect, it } from 'vitest';
import { availableProviders, cudaBinariesPresent } from './providers';

describe('availableProviders', () => {
  it('lists CUDA only where its binaries are installed, though onnxruntime-node always names it', async () => {
    const ort = await import('onnxruntime-node');
    const cuda = ort.listSupportedBackends().find((b) => b.name === 'cuda');
    const listed = availableProviders();
    expect(listed[0]).toBe('cpu');
    expect(listed.includes('cuda')).toBe(cudaBinariesPresent());
    // Where the runtime offers CUDA only as an optional download, a bare install must not claim it.
    if (cuda && !cuda.bundled && !cudaBinariesPresent()) expect(listed).not.toContain('cuda');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { StudioError } from '../../shared/errors';
import { useToasts } from './toasts';

describe('toasts', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('shows a StudioError with its where apart, once per distinct failure', () => {
    const toasts = useToasts();
    toasts.error(new StudioError('bad-file', 'truncated header', '/data/a.npy'));
    toasts.error(StudioError.fromJSON({ name: 'StudioError', code: 'bad-file', message: 'truncated header', where: '/data/a.npy' }));
    toasts.error(new StudioError('bad-file', 'truncated header', '/data/b.npy'));
    expect(toasts.toasts.map((t) => [t.message, t.where])).toEqual([
      ['truncated header', '/data/a.npy'],
      ['truncated header', '/data/b.npy'],
    ]);
  });

  it('turns anything thrown into a message', () => {
    const toasts = useToasts();
    toasts.error(new TypeError('Failed to fetch'));
    expect(toasts.toasts[0]).toMatchObject({ kind: 'error', message: 'Failed to fetch', where: undefined });
  });

  it('lets info toasts leave by themselves and keeps errors until dismissed', () => {
    const toasts = useToasts();
    toasts.info('Import started');
    toasts.error(new StudioError('locked', 'project is open elsewhere', 'studio.lock'));
    vi.advanceTimersByTime(10_000);
    expect(toasts.toasts.map((t) => t.kind)).toEqual(['error']);
    toasts.dismiss(toasts.toasts[0].id);
    expect(toasts.toasts).toEqual([]);
  });
});

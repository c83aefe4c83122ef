import { describe, expect, it } from 'vitest';
import { PagedCache } from './paged-cache';
import { scrollToReveal, visibleWindow } from './virtual-window';

describe('visibleWindow', () => {
  it('renders only the rows on screen plus the overscan', () => {
    const w = visibleWindow({ scrollTop: 3600, viewportHeight: 360, rowHeight: 36, total: 100_000, overscan: 5 });
    expect(w.start).toBe(95);
    expect(w.end).toBe(100 + 11 + 5);
    expect(w.offsetY).toBe(95 * 36);
    expect(w.totalHeight).toBe(3_600_000);
    expect(w.end - w.start).toBeLessThan(30);
  });

  it('clamps at both ends and copes with an empty list', () => {
    expect(visibleWindow({ scrollTop: -50, viewportHeight: 100, rowHeight: 20, total: 3, overscan: 4 })).toEqual({ start: 0, end: 3, offsetY: 0, totalHeight: 60 });
    const end = visibleWindow({ scrollTop: 1e9, viewportHeight: 200, rowHeight: 20, total: 1000, overscan: 2 });
    expect(end.end).toBe(1000);
    expect(end.start).toBe(1000 - 10 - 2);
    expect(visibleWindow({ scrollTop: 0, viewportHeight: 200, rowHeight: 20, total: 0, overscan: 2 })).toEqual({ start: 0, end: 0, offsetY: 0, totalHeight: 0 });
  });
});

describe('scrollToReveal', () => {
  it('scrolls up or down just enough to show a row, and not at all when visible', () => {
    expect(scrollToReveal(2, 100, 200, 20)).toBe(40);
    expect(scrollToReveal(20, 100, 200, 20)).toBe(220);
    expect(scrollToReveal(8, 100, 200, 20)).toBeNull();
  });
});

describe('PagedCache', () => {
  const rows = (offset: number, limit: number, total: number) =>
    Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => `row ${offset + i}`);

  it('fetches only the pages covering the requested rows, once', async () => {
    const calls: number[] = [];
    const cache = new PagedCache<string>(async (offset, limit) => {
      calls.push(offset);
      return { items: rows(offset, limit, 100_000), total: 100_000 };
    }, 100);
    await cache.ensure(0, 30);
    await cache.ensure(10, 40);
    expect(calls).toEqual([0]);
    await cache.ensure(95, 130);
    expect(calls).toEqual([0, 100]);
    expect(cache.get(129)).toBe('row 129');
    expect(cache.get(250)).toBeUndefined();
    expect(cache.total).toBe(100_000);
  });

  it('drops answers that arrive after a reset, so old rows never show under new filters', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const cache = new PagedCache<string>(async (offset, limit) => {
      await gate;
      return { items: rows(offset, limit, 500), total: 500 };
    }, 50);
    const pending = cache.ensure(0, 10);
    cache.reset(async (offset, limit) => ({ items: rows(offset, limit, 3).map((r) => `new ${r}`), total: 3 }));
    release();
    await pending;
    expect(cache.get(0)).toBeUndefined();
    expect(cache.total).toBeNull();
    await cache.ensure(0, 10);
    expect(cache.get(0)).toBe('new row 0');
    expect(cache.total).toBe(3);
  });

  it('keeps a bounded number of pages, evicting the farthest', async () => {
    const cache = new PagedCache<string>(async (offset, limit) => ({ items: rows(offset, limit, 10_000), total: 10_000 }), 10, undefined, 3);
    for (const start of [0, 10, 20, 30, 40]) await cache.ensure(start, start + 5);
    expect(cache.get(0)).toBeUndefined();
    expect(cache.get(40)).toBe('row 40');
  });

  it('remembers a failed page load and retries it on the next request', async () => {
    let fail = true;
    const cache = new PagedCache<string>(async (offset, limit) => {
      if (fail) throw new Error('host down');
      return { items: rows(offset, limit, 20), total: 20 };
    }, 10);
    await cache.ensure(0, 5);
    expect((cache.lastError as Error).message).toBe('host down');
    fail = false;
    await cache.ensure(0, 5);
    expect(cache.get(4)).toBe('row 4');
    expect(cache.lastError).toBeNull();
  });
});

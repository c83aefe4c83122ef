import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, fitToDisplays, loadWindowState, parseWindowState, saveWindowState, type Rect } from './window-state';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const external: Rect = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('fitToDisplays', () => {
  it('centres the default size on the primary screen on first run', () => {
    expect(fitToDisplays(null, [laptop], laptop)).toEqual({
      bounds: { x: 80, y: 27, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height },
      maximized: false,
    });
  });

  it('keeps a window that is fully visible exactly where it was', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1300, height: 900 }, maximized: true };
    expect(fitToDisplays(saved, [laptop, external], laptop)).toEqual(saved);
  });

  it('moves a window left on an unplugged monitor back to the primary screen, shrunk to fit', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 2000, height: 1200 }, maximized: false };
    expect(fitToDisplays(saved, [laptop], laptop)).toEqual({
      bounds: { x: 0, y: 0, width: 1440, height: 875 },
      maximized: false,
    });
  });

  it('pulls a window hanging off the edge back inside the screen it overlaps most', () => {
    const saved = { bounds: { x: 1300, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(fitToDisplays(saved, [laptop, external], laptop)).toEqual({
      bounds: { x: 1440, y: 100, width: 1000, height: 700 },
      maximized: false,
    });
  });

  it('recentres a window whose title bar is above every screen (it could not be dragged back)', () => {
    const saved = { bounds: { x: 100, y: -300, width: 1000, height: 700 }, maximized: false };
    expect(fitToDisplays(saved, [laptop, external], laptop)).toEqual({
      bounds: { x: 220, y: 87, width: 1000, height: 700 },
      maximized: false,
    });
  });

  it('never makes the window smaller than the minimum when the screen allows it', () => {
    const saved = { bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false };
    expect(fitToDisplays(saved, [laptop], laptop).bounds).toEqual({ x: 10, y: 10, width: 960, height: 600 });
  });
});

describe('parseWindowState', () => {
  it('rejects malformed or hostile content', () => {
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: 0, height: 10 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: '0', y: 0, width: 10, height: 10 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 0, y: 0, width: Infinity, height: 10 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 0.4, y: 0, width: 10, height: 10 }, maximized: 'yes' })).toEqual({
      bounds: { x: 0, y: 0, width: 10, height: 10 },
      maximized: false,
    });
  });
});

describe('loadWindowState / saveWindowState', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('round-trips through userData and falls back to defaults on a corrupt file', () => {
    dir = mkdtempSync(join(tmpdir(), 'fd-winstate-'));
    const file = join(dir, 'sub', 'window-state.json');
    expect(loadWindowState(file, [laptop], laptop).bounds.width).toBe(DEFAULT_SIZE.width);
    const state = { bounds: { x: 20, y: 30, width: 1000, height: 700 }, maximized: true };
    saveWindowState(file, state);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state);
    expect(loadWindowState(file, [laptop], laptop)).toEqual(state);
    writeFileSync(file, '{"bounds":');
    expect(loadWindowState(file, [laptop], laptop).bounds.width).toBe(DEFAULT_SIZE.width);
  });
});

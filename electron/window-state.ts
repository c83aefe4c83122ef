/**
 * Remembers the main window's size, position and maximized state in userData/window-state.json, and puts it back
 * only where it is visible: a monitor that was unplugged (or a smaller laptop screen) must not leave the window
 * off-screen or larger than the screen.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;
/** How much of the window (from its top-left, where the title bar is) must be on a screen to count as visible. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e6;

/** Accepts only a well-formed saved state; anything else (hand-edited, truncated) is ignored, not trusted. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as Record<string, unknown>;
  if (typeof bounds !== 'object' || bounds === null) return null;
  const b = bounds as Record<string, unknown>;
  if (!isInt(b.x) || !isInt(b.y) || !isInt(b.width) || !isInt(b.height) || b.width <= 0 || b.height <= 0) return null;
  return {
    bounds: { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) },
    maximized: maximized === true,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

function centered(size: { width: number; height: number }, area: Rect): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where to open the window given the saved state and the screens' work areas (screen.getAllDisplays()[i].workArea).
 * The saved window goes back on the screen it overlaps most, shrunk to fit and moved inside it; if its title bar is on
 * no screen at all, it opens centred on the primary screen with the saved size (shrunk to fit).
 */
export function fitToDisplays(saved: WindowState | null, workAreas: readonly Rect[], primary: Rect): WindowState {
  if (!saved) return { bounds: centered(DEFAULT_SIZE, primary), maximized: false };
  const titleBar: Rect = { x: saved.bounds.x, y: saved.bounds.y, width: MIN_VISIBLE.width, height: MIN_VISIBLE.height };
  if (!workAreas.some((a) => overlap(titleBar, a) > 0)) return { bounds: centered(saved.bounds, primary), maximized: saved.maximized };
  const area = workAreas.reduce((best, a) => (overlap(saved.bounds, a) > overlap(saved.bounds, best) ? a : best));
  const width = clamp(saved.bounds.width, Math.min(MIN_SIZE.width, area.width), area.width);
  const height = clamp(saved.bounds.height, Math.min(MIN_SIZE.height, area.height), area.height);
  return {
    bounds: {
      x: clamp(saved.bounds.x, area.x, area.x + area.width - width),
      y: clamp(saved.bounds.y, area.y, area.y + area.height - height),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}

export function loadWindowState(file: string, workAreas: readonly Rect[], primary: Rect): WindowState {
  let saved: WindowState | null = null;
  try {
    saved = parseWindowState(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    // First run or unreadable file: default placement.
  }
  return fitToDisplays(saved, workAreas, primary);
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a JSON behind. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}

/**
 * `npm run serve` and the browser fallback of `npm start`, run as the user runs them: a child process whose stdout
 * gives the URL, a real API call through it, and Ctrl+C (SIGINT) closing it cleanly.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = mkdtempSync(join(tmpdir(), 'fd-serve-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface ServeModule {
  parsePort(argv: string[]): number;
}
interface StartModule {
  findElectron(): string | null;
}
const load = async <T>(file: string) => (await import(pathToFileURL(join(root, 'build', file)).href)) as T;

function launch(script: string, args: string[]) {
  const child = spawn(process.execPath, [join(root, 'build', script), ...args], {
    cwd: root,
    env: { ...process.env, FATTURADESK_DATA_DIR: dataDir },
  }) as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = () => stdout.split('\n').filter((l) => l !== '');
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = lines().find((l) => l.startsWith('http://'));
      if (line) resolve(line);
    });
    void exited.then((code) => reject(new Error(`uscito con codice ${code}: ${stderr}`)));
  });
  return { child, url, exited, lines, stderr: () => stderr };
}

async function callInfo(url: string) {
  const u = new URL(url);
  const token = new URLSearchParams(u.hash.slice(1)).get('token')!;
  const res = await fetch(`${u.origin}/api/app.info`, {
    method: 'POST',
    headers: { 'x-fatturadesk-token': token, 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; result?: { host?: string } } };
}

const URL_LINE = /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/;

describe('build/serve.mjs', () => {
  it('parses --port N and --port=N and refuses nonsense in Italian', async () => {
    const { parsePort } = await load<ServeModule>('serve.mjs');
    expect(parsePort([])).toBe(0);
    expect(parsePort(['--port', '8123'])).toBe(8123);
    expect(parsePort(['--port=8124'])).toBe(8124);
    expect(() => parsePort(['--port', 'abc'])).toThrow('Porta non valida: abc. Usa un numero da 1 a 65535.');
    expect(() => parsePort(['--port'])).toThrow(/Porta non valida: \(mancante\)/);
    expect(() => parsePort(['--port', '70000'])).toThrow(/Porta non valida/);
  });

  it('prints an Italian line then the URL alone, serves the API, and stops on Ctrl+C', async () => {
    const run = launch('serve.mjs', ['--port', '0']);
    const url = await run.url;
    expect(url).toMatch(URL_LINE);
    const lines = run.lines();
    const at = lines.indexOf(url);
    expect(at).toBe(1);
    expect(lines[0]).toMatch(/^FatturaDesk è pronto\./);
    const info = await callInfo(url);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ ok: true, result: { host: 'web' } });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain('FatturaDesk chiuso.');
  });
});

describe('build/start.mjs without Electron', () => {
  it('says in one Italian line that Electron is missing, then serves like serve.mjs', async () => {
    const { findElectron } = await load<StartModule>('start.mjs');
    if (findElectron()) {
      // With Electron installed npm start opens the desktop app, which cannot run inside a test.
      expect(findElectron()).toMatch(/electron/i);
      return;
    }
    const run = launch('start.mjs', ['--no-browser', '--port', '0']);
    const url = await run.url;
    expect(run.lines()).toEqual([
      'Electron non è disponibile su questo computer: FatturaDesk si apre nel browser.',
      expect.stringMatching(/^FatturaDesk è pronto\./),
      url,
    ]);
    expect((await callInfo(url)).body.ok).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });
});

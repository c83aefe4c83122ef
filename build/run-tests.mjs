#!/usr/bin/env node
/**
 * `npm test`: type-check, then every test (unit, integration, browser e2e) with vitest, then one plain summary line
 * "N passed, N failed". On Linux the run happens inside a D-Bus session with an unlocked keyring so keytar works.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const extraArgs = process.argv.slice(2);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

if (process.platform === 'linux' && !process.env.FATTURADESK_IN_DBUS && has('dbus-run-session') && has('gnome-keyring-daemon')) {
  const inner = `echo fatturadesk | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec node build/run-tests.mjs ${extraArgs.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')}`;
  const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FATTURADESK_IN_DBUS: '1' },
  });
  process.exit(r.status ?? 1);
}

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...opts });
const npx = 'npx';

let passed = 0;
let failed = 0;

console.log('\n== Controllo dei tipi (tsc) ==');
const tsc = run(npx, ['tsc', '--noEmit', '-p', 'tsconfig.json']);
if (tsc.status === 0) passed++;
else failed++;

if (existsSync(join(root, 'renderer', 'tsconfig.json'))) {
  console.log('\n== Controllo dei tipi del renderer (vue-tsc) ==');
  const vtsc = run(npx, ['vue-tsc', '--noEmit', '-p', 'renderer/tsconfig.json']);
  if (vtsc.status === 0) passed++;
  else failed++;
}

if (existsSync(join(root, 'renderer', 'vite.config.ts'))) {
  console.log('\n== Build del renderer (per i test end-to-end) ==');
  const vb = run(npx, ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
  if (vb.status === 0) passed++;
  else failed++;
}

console.log('\n== Test (vitest: unit, integrazione, end-to-end) ==');
const outDir = join(root, '.tmp');
mkdirSync(outDir, { recursive: true });
const report = join(outDir, 'vitest-report.json');
rmSync(report, { force: true });
const vt = run(npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  // A test file that fails to load has no failed test in it: count it, so a broken import is never green.
  failed += (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed')).length;
} else {
  failed++;
}
if (vt.status !== 0 && failed === 0) failed++;

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/**
 * For developing the screens: `npx tsx e2e/support/dev-serve.ts` starts the same app the browser tests use and prints
 * its URL (data in a temporary folder, VIES stubbed, today pinned). Not a test.
 */
import { startTestApp } from './app-server';

const app = await startTestApp();
console.log(app.url);
const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

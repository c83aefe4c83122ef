// Worker threads of the app run TypeScript sources (dev, web host, bench, tests): tsx's loader is registered in the
// worker itself before the entry module is imported (a worker does not inherit the loader of the thread that made it).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);

/**
 * The company worker: runs long company work on its own connection to the company file, away from the thread that
 * answers the API. One message per task ({ id, task, ... }); the answer carries the same id and either the result or
 * the error as AppError data (so the caller gets the same Italian message and code as in-process).
 */
import { parentPort } from 'node:worker_threads';
import { toErrorData } from '../../core/errors';
import { registerDocuments } from '../../core/invoicing/services/registration';
import { createCompanyStore } from '../../db/company-store';
import { openCompanyDb } from '../../db/open';
import type { WorkerRequest, WorkerResponse } from './protocol';

function run(req: WorkerRequest): unknown {
  // A connection per task: the file may be closed, replaced or deleted by the app between two tasks.
  const handle = openCompanyDb(req.file);
  try {
    const store = createCompanyStore(handle);
    switch (req.task) {
      case 'registerDocuments':
        return registerDocuments(store, req.draftIds, { today: req.today });
    }
  } finally {
    handle.close();
  }
}

parentPort!.on('message', (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    res = { id: req.id, ok: true, result: run(req) };
  } catch (e) {
    res = { id: req.id, ok: false, error: toErrorData(e) };
  }
  parentPort!.postMessage(res);
});

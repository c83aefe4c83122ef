/** Every handler of the contract, in one map typed by it: a method without a handler does not compile. */
import type { ApiContext } from '../context';
import { createDispatcher, type Handlers } from '../dispatch';
import { appHandlers } from './app';
import { companyHandlers } from './company';
import { documentHandlers } from './documents';
import { importHandlers } from './import';
import { iplHandlers } from './ipl';
import { maintenanceHandlers } from './maintenance';
import { sdiHandlers } from './sdi';
import { vaultHandlers } from './vault';

export const handlers: Handlers<ApiContext> = {
  ...appHandlers,
  ...companyHandlers,
  ...documentHandlers,
  ...importHandlers,
  ...sdiHandlers,
  ...iplHandlers,
  ...vaultHandlers,
  ...maintenanceHandlers,
};

export const createApiDispatcher = () => createDispatcher(handlers);

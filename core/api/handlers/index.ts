/** Every handler of the contract, in one map typed by it: a method without a handler does not compile. */
import type { ApiContext } from '../context';
import { createDispatcher, type Handlers } from '../dispatch';
import { appHandlers } from './app';
import { companyHandlers } from './company';
import { documentHandlers } from './documents';

export const handlers: Handlers<ApiContext> = {
  ...appHandlers,
  ...companyHandlers,
  ...documentHandlers,
};

export const createApiDispatcher = () => createDispatcher(handlers);

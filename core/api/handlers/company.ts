/** Company data, settings, banks, customers and items: thin handlers over core/invoicing services. */
import { validateCustomer } from '../../invoicing/customers';
import {
  deleteBank,
  getAccountingSettings,
  getEInvoicingSettings,
  insertBank,
  listBanks,
  requireCompany,
  setDefaultBank,
  updateAccountingSettings,
  updateBank,
  updateCompany,
  updateEInvoicingSettings,
} from '../../invoicing/services/company';
import { createCustomer, deleteCustomer, getCustomer, listCustomers, updateCustomer } from '../../invoicing/services/customers';
import { createItem, deleteItem, updateItem, listItems } from '../../invoicing/services/items';
import { currentCompany, type ApiContext } from '../context';
import type { Handlers } from '../dispatch';

type H = Pick<
  Handlers<ApiContext>,
  | 'company.get'
  | 'company.update'
  | 'settings.get'
  | 'settings.updateAccounting'
  | 'settings.updateEInvoicing'
  | 'banks.list'
  | 'banks.save'
  | 'banks.setDefault'
  | 'banks.delete'
  | 'customers.list'
  | 'customers.get'
  | 'customers.save'
  | 'customers.validate'
  | 'customers.delete'
  | 'items.list'
  | 'items.save'
  | 'items.delete'
>;

const storeOf = (ctx: ApiContext) => currentCompany(ctx).store;

export const companyHandlers: H = {
  'company.get': (_a, ctx) => requireCompany(storeOf(ctx)),
  'company.update': ({ company }, ctx) => updateCompany(storeOf(ctx), company),
  'settings.get': (_a, ctx) => ({ accounting: getAccountingSettings(storeOf(ctx)), einvoicing: getEInvoicingSettings(storeOf(ctx)) }),
  'settings.updateAccounting': ({ accounting }, ctx) => updateAccountingSettings(storeOf(ctx), accounting),
  'settings.updateEInvoicing': ({ einvoicing }, ctx) => updateEInvoicingSettings(storeOf(ctx), einvoicing),

  'banks.list': (_a, ctx) => listBanks(storeOf(ctx)),
  'banks.save': (bank, ctx) => {
    const { id, ...rest } = bank;
    return id ? updateBank(storeOf(ctx), { ...rest, id }) : insertBank(storeOf(ctx), rest);
  },
  'banks.setDefault': ({ id }, ctx) => {
    setDefaultBank(storeOf(ctx), id);
    return listBanks(storeOf(ctx));
  },
  'banks.delete': ({ id }, ctx) => {
    deleteBank(storeOf(ctx), id);
    return null;
  },

  'customers.list': ({ search, kind, suppliers, offset, limit }, ctx) =>
    listCustomers(storeOf(ctx), { text: search, kind, isSupplier: suppliers, offset, limit }),
  'customers.get': ({ id }, ctx) => getCustomer(storeOf(ctx), id),
  'customers.save': (input, ctx) =>
    input.id ? updateCustomer(storeOf(ctx), { ...input, id: input.id }) : createCustomer(storeOf(ctx), input),
  'customers.validate': (input) => validateCustomer(input),
  'customers.delete': ({ id }, ctx) => {
    deleteCustomer(storeOf(ctx), id);
    return null;
  },

  'items.list': ({ search }, ctx) => listItems(storeOf(ctx), { text: search, limit: 500 }).rows,
  'items.save': (input, ctx) => (input.id ? updateItem(storeOf(ctx), { ...input, id: input.id }) : createItem(storeOf(ctx), input)),
  'items.delete': ({ id }, ctx) => {
    deleteItem(storeOf(ctx), id);
    return null;
  },
};

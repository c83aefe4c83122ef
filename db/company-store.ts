/**
 * The CompanyStore (core/ports.ts) over one open company file. Transactions are IMMEDIATE (the write lock is taken at
 * BEGIN, so a mutation never fails half-way on a lock upgrade); nested calls become savepoints.
 */
import type { CompanyStore } from '../core/ports';
import type { CompanyDb } from './open';
import { createBankRepository } from './repositories/banks';
import { createCompanyRepository, createSettingsRepository } from './repositories/company';
import { createCustomerRepository } from './repositories/customers';
import { createDocumentRepository } from './repositories/documents';
import { createImportRepository } from './repositories/imports';
import { createItemRepository } from './repositories/items';
import { createLedgerRepository } from './repositories/ledger';
import { createMaintenanceRepository } from './maintenance';
import { createNumberingRepository } from './repositories/numbering';
import { createOutboxRepository } from './repositories/outbox';
import { createSalesOrderRepository } from './repositories/orders';
import { createPaymentRepository } from './repositories/payments';
import { createPlanRepository } from './repositories/plans';
import { createShipmentRepository } from './repositories/shipments';
import { createReceivedFileRepository, createSdiMessageRepository, createSdiStateRepository } from './repositories/sdi';
import { createVaultRepository } from './repositories/vault';

export function createCompanyStore(handle: CompanyDb): CompanyStore {
  const { sqlite, orm } = handle;
  // One transaction wrapper for the connection, given the work as its argument: better-sqlite3 builds four wrapped
  // functions for every sqlite.transaction(fn), which the importer would otherwise pay for each file.
  const run = sqlite.transaction((fn: () => unknown) => fn());
  return {
    transaction<T>(fn: () => T): T {
      return (sqlite.inTransaction || handle.readonly ? run(fn) : run.immediate(fn)) as T;
    },
    company: createCompanyRepository(orm),
    settings: createSettingsRepository(orm),
    banks: createBankRepository(orm),
    customers: createCustomerRepository(orm),
    items: createItemRepository(orm),
    documents: createDocumentRepository(handle),
    numbering: createNumberingRepository(orm),
    ledger: createLedgerRepository(orm),
    outbox: createOutboxRepository(sqlite),
    sdiMessages: createSdiMessageRepository(sqlite),
    receivedFiles: createReceivedFileRepository(sqlite),
    sdiState: createSdiStateRepository(sqlite),
    imports: createImportRepository(sqlite),
    salesOrders: createSalesOrderRepository(sqlite),
    shipments: createShipmentRepository(sqlite),
    plans: createPlanRepository(sqlite),
    payments: createPaymentRepository(sqlite),
    vault: createVaultRepository(sqlite),
    maintenance: createMaintenanceRepository(handle),
  };
}

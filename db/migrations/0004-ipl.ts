/**
 * Migration 4: invoicing plans (IPL). Sales orders and their lines, shipments (DDT, numbered per year through the
 * numbering table under the reserved series "#DDT"), plan templates, plans with their lines, the link between a plan
 * line and each document it generated (drafts included: the link goes away with a deleted draft), payments and the
 * applications that match credits (payments, credit notes) with open invoice installments.
 *
 * Amounts are TEXT decimals. Those summed in SQL (payments, applications) are always written with exactly 2 decimals,
 * so `CAST(replace(amount, '.', '') AS INTEGER)` is their exact value in cents (no float ever touches them).
 * Posted things are frozen by triggers: shipments (only the invoice that billed them can be recorded, once), plan lines
 * whose document is registered (cannot be deleted), applications (never updated or deleted).
 */
import type { Migration } from './types';

const sql = /* sql */ `
CREATE TABLE sales_orders (
  id INTEGER PRIMARY KEY,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL CHECK (number > 0),
  numero TEXT NOT NULL UNIQUE,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  customer_name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'released')),
  divisa TEXT NOT NULL DEFAULT 'EUR',
  exchange_rate TEXT NOT NULL DEFAULT '1',
  customer_reference TEXT,
  customer_reference_date TEXT,
  description TEXT,
  taxable TEXT NOT NULL,
  vat TEXT NOT NULL,
  total TEXT NOT NULL,
  amounts_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  released_at TEXT,
  UNIQUE (year, number)
);
CREATE INDEX sales_orders_date ON sales_orders (date, id);
CREATE INDEX sales_orders_customer ON sales_orders (customer_id, date);
CREATE INDEX sales_orders_status ON sales_orders (status, date);

CREATE TABLE sales_order_lines (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES sales_orders (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position > 0),
  item_id INTEGER REFERENCES items (id) ON DELETE SET NULL,
  item_code TEXT,
  description TEXT NOT NULL,
  quantity TEXT NOT NULL,
  unit_of_measure TEXT,
  unit_price TEXT NOT NULL,
  discount_percent TEXT,
  vat_code TEXT NOT NULL
);
CREATE INDEX sales_order_lines_order ON sales_order_lines (order_id, position);

CREATE TABLE shipments (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES sales_orders (id),
  year INTEGER NOT NULL,
  number INTEGER NOT NULL CHECK (number > 0),
  numero TEXT NOT NULL,
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  amount TEXT NOT NULL,
  invoice_document_id INTEGER REFERENCES documents (id),
  created_at TEXT NOT NULL,
  UNIQUE (year, number)
);
CREATE INDEX shipments_order ON shipments (order_id, year, number);
CREATE INDEX shipments_date ON shipments (date, id);

CREATE TABLE shipment_lines (
  id INTEGER PRIMARY KEY,
  shipment_id INTEGER NOT NULL REFERENCES shipments (id) ON DELETE CASCADE,
  -- RESTRICT: an order line that was shipped cannot be deleted (the order service says so first, in Italian).
  order_line_id INTEGER NOT NULL REFERENCES sales_order_lines (id) ON DELETE RESTRICT,
  quantity TEXT NOT NULL,
  amount TEXT NOT NULL
);
CREATE INDEX shipment_lines_shipment ON shipment_lines (shipment_id);
CREATE INDEX shipment_lines_order_line ON shipment_lines (order_line_id);

-- A posted shipment (DDT) never changes; only the invoice that billed it is recorded, once.
CREATE TRIGGER shipments_frozen BEFORE UPDATE OF id, order_id, year, number, numero, date, amount, created_at ON shipments
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: spedizione registrata, dati immutabili');
END;
CREATE TRIGGER shipments_invoiced_once BEFORE UPDATE OF invoice_document_id ON shipments
WHEN old.invoice_document_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: spedizione già fatturata');
END;
CREATE TRIGGER shipments_no_delete BEFORE DELETE ON shipments
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: spedizione registrata, non si può eliminare');
END;
CREATE TRIGGER shipment_lines_frozen BEFORE UPDATE ON shipment_lines
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: spedizione registrata, dati immutabili');
END;

CREATE TABLE ipl_templates (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL COLLATE NOCASE UNIQUE,
  description TEXT,
  lines_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- One plan per order; the plan id is the plan number the ledger entries carry (ledger_entries.plan_id).
CREATE TABLE ipl_plans (
  id INTEGER PRIMARY KEY,
  order_id INTEGER NOT NULL UNIQUE REFERENCES sales_orders (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  template_id INTEGER REFERENCES ipl_templates (id) ON DELETE SET NULL,
  description TEXT,
  -- Header amounts, recomputed by the plan service after every change (lists read them without touching lines).
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'invoiced')),
  order_amount TEXT NOT NULL,
  total_advance TEXT NOT NULL,
  closing_amount TEXT NOT NULL,
  advance_invoiced TEXT NOT NULL,
  total_invoiced TEXT NOT NULL,
  collected TEXT NOT NULL,
  collected_local TEXT NOT NULL,
  remaining TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX ipl_plans_customer ON ipl_plans (customer_id, id);
CREATE INDEX ipl_plans_status ON ipl_plans (status, id);

CREATE TABLE ipl_plan_lines (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES ipl_plans (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position > 0),
  type TEXT NOT NULL CHECK (type IN ('advance', 'partial', 'partial_deductions', 'closing')),
  percent TEXT NOT NULL,
  amount TEXT NOT NULL,
  planned_date TEXT,
  payment_term TEXT,
  payment_method TEXT,
  text TEXT,
  execute INTEGER NOT NULL DEFAULT 0 CHECK (execute IN (0, 1)),
  shipment_ids_json TEXT NOT NULL DEFAULT '[]',
  invoice_document_id INTEGER REFERENCES documents (id),
  invoiced_amount TEXT,
  invoice_numero TEXT,
  posting_date TEXT,
  credit_note_document_id INTEGER REFERENCES documents (id),
  credit_note_numero TEXT,
  credit_note_amount TEXT,
  credit_note_date TEXT
);
CREATE INDEX ipl_plan_lines_plan ON ipl_plan_lines (plan_id, position);
CREATE TRIGGER ipl_plan_lines_posted_no_delete BEFORE DELETE ON ipl_plan_lines
WHEN old.invoice_document_id IS NOT NULL OR old.credit_note_document_id IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: riga del piano con documenti registrati, non si può eliminare');
END;

-- Every document a plan line generated. data_json: what the plan planned for it (VAT rows, advance parts, goods,
-- shipments, deductions), which takes effect when the document registers.
CREATE TABLE ipl_documents (
  document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  plan_id INTEGER NOT NULL REFERENCES ipl_plans (id),
  line_id INTEGER NOT NULL REFERENCES ipl_plan_lines (id),
  role TEXT NOT NULL CHECK (role IN ('advance', 'advance_credit_note', 'invoice', 'reversal_credit_note')),
  data_json TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX ipl_documents_plan ON ipl_documents (plan_id, document_id);
CREATE INDEX ipl_documents_line ON ipl_documents (line_id);

CREATE TABLE payments (
  id INTEGER PRIMARY KEY,
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  amount TEXT NOT NULL CHECK (amount GLOB '[0-9]*.[0-9][0-9]' AND amount <> '0.00'),
  method TEXT,
  reference TEXT,
  notes TEXT,
  ledger_entry_id INTEGER NOT NULL UNIQUE REFERENCES ledger_entries (id),
  created_at TEXT NOT NULL
);
CREATE INDEX payments_customer ON payments (customer_id, date);
CREATE INDEX payments_date ON payments (date, id);

-- credit_entry: a payment or a credit note entry; debit_entry: an invoice installment. amount > 0, 2 decimals.
CREATE TABLE ledger_applications (
  id INTEGER PRIMARY KEY,
  credit_entry_id INTEGER NOT NULL REFERENCES ledger_entries (id),
  debit_entry_id INTEGER NOT NULL REFERENCES ledger_entries (id),
  amount TEXT NOT NULL CHECK (amount GLOB '[0-9]*.[0-9][0-9]' AND amount <> '0.00'),
  date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  CHECK (credit_entry_id <> debit_entry_id)
);
CREATE INDEX ledger_applications_credit ON ledger_applications (credit_entry_id);
CREATE INDEX ledger_applications_debit ON ledger_applications (debit_entry_id);
CREATE TRIGGER ledger_applications_frozen BEFORE UPDATE ON ledger_applications
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: abbinamento registrato, dati immutabili');
END;
CREATE TRIGGER ledger_applications_no_delete BEFORE DELETE ON ledger_applications
BEGIN
  SELECT RAISE(ABORT, 'FatturaDesk: abbinamento registrato, non si può eliminare');
END;
`;

export const migration0004: Migration = { id: 4, name: 'ipl', sql };

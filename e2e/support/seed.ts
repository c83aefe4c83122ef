/**
 * Small helpers shared by the browser tests: calls to the in-process API (to set data up and to check what was saved),
 * a company created without the welcome screen, the error text tied to a field, and toasts out of the way of a
 * screenshot.
 */
import type { Page } from 'playwright-core';
import type { TestApp } from './app-server';

/** Calls the API in-process; a refusal fails the test with its code and message. */
export async function apiCall<R>(app: TestApp, method: string, args: unknown = {}): Promise<R> {
  const res = await app.api.call(method, args);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as R;
}

export const COMPANY_PIVA = '09876543217';

/** A company with a Milan address (made the current one), as the welcome screen would create it. */
export async function createCompany(app: TestApp, name = 'Studio Bianchi S.r.l.', partitaIva = COMPANY_PIVA): Promise<{ file: string; name: string }> {
  return apiCall(app, 'companies.create', {
    company: {
      denominazione: name,
      idPaese: 'IT',
      partitaIva,
      regimeFiscale: 'RF01',
      sede: { indirizzo: 'Via Garibaldi', numeroCivico: '10', cap: '20121', comune: 'Milano', provincia: 'MI', nazione: 'IT' },
    },
  });
}

/** The error (or hint) text tied to a labelled field through aria-describedby; '' when there is none. */
export async function errorOf(page: Page, label: string | RegExp, scope: Pick<Page, 'getByLabel'> = page, exact = false): Promise<string> {
  const input = scope.getByLabel(label, { exact }).first();
  const id = await input.getAttribute('aria-describedby');
  if (!id) return '';
  return (await page.locator(`[id="${id}"]`).textContent())?.trim() ?? '';
}

/** Closes every toast, so a screenshot shows the screen under them. */
export async function closeToasts(page: Page): Promise<void> {
  const close = page.locator('.toast-close');
  for (let n = await close.count(); n > 0; n = await close.count()) await close.first().click();
}

/** A label matched whole, with or without the " *" a required field shows after it. */
export function exactLabel(label: string): RegExp {
  return new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`);
}

/** Plan templates: named lists of lines (type, percent, days to the planned date, payment, text) a plan can start from. */
import { fail } from '../../errors';
import type { FieldError } from '../../invoicing/customers';
import { getAccountingSettings } from '../../invoicing/services/company';
import { throwIfInvalid } from '../../invoicing/services/invalid';
import type { AccountingSettings } from '../../invoicing/types';
import { Decimal } from '../../money/decimal';
import type { CompanyStore } from '../../ports';
import { PLAN_LINE_TYPES, type PlanTemplate, type PlanTemplateInput } from '../types';

export function paymentErrors(settings: AccountingSettings, term: string | undefined, method: string | undefined, field: string): FieldError[] {
  const errors: FieldError[] = [];
  if (term !== undefined && !settings.paymentTerms.some((t) => t.code === term)) {
    errors.push({ field: `${field}.paymentTerm`, code: 'TERMINE_SCONOSCIUTO', message: `Termine di pagamento «${term}» non presente nelle impostazioni.`, fix: 'Scegli un termine esistente.' });
  }
  if (method !== undefined && !settings.paymentMethods.some((m) => m.code === method)) {
    errors.push({ field: `${field}.paymentMethod`, code: 'MODALITA_SCONOSCIUTA', message: `Modalità di pagamento «${method}» non presente nelle impostazioni.`, fix: 'Scegli una modalità esistente.' });
  }
  return errors;
}

function validateTemplate(t: PlanTemplateInput, settings: AccountingSettings): FieldError[] {
  const errors: FieldError[] = [];
  if (!t.name?.trim()) errors.push({ field: 'name', code: 'NOME_MANCANTE', message: 'Manca il nome del modello.', fix: 'Dai un nome al modello (es. «Anticipo 30% e saldo»).' });
  if (t.lines.length === 0) errors.push({ field: 'lines', code: 'RIGHE_MANCANTI', message: 'Il modello non ha righe.', fix: 'Aggiungi almeno una riga.' });
  let total = Decimal.ZERO;
  t.lines.forEach((l, i) => {
    const f = `lines[${i}]`;
    if (!PLAN_LINE_TYPES.includes(l.type)) errors.push({ field: `${f}.type`, code: 'TIPO_RIGA_NON_VALIDO', message: `Riga ${i + 1}: tipo «${l.type}» non previsto.`, fix: 'Scegli anticipo, chiusura parziale, chiusura parziale con detrazioni o chiusura.' });
    const p = Decimal.tryParse(l.percent);
    if (!p || p.lte(Decimal.ZERO) || p.gt(Decimal.HUNDRED) || p.significantScale() > 4) {
      errors.push({ field: `${f}.percent`, code: 'PERCENTUALE_NON_VALIDA', message: `Riga ${i + 1}: la percentuale deve essere maggiore di 0 e al massimo 100, con al più 4 decimali.`, fix: 'Correggi la percentuale.' });
    } else total = total.add(p);
    if (!Number.isSafeInteger(l.daysOffset) || l.daysOffset < 0 || l.daysOffset > 3650) {
      errors.push({ field: `${f}.daysOffset`, code: 'GIORNI_NON_VALIDI', message: `Riga ${i + 1}: i giorni dalla data dell’ordine devono essere un intero tra 0 e 3650.`, fix: 'Correggi i giorni.' });
    }
    errors.push(...paymentErrors(settings, l.paymentTerm, l.paymentMethod, f));
  });
  if (total.gt(Decimal.HUNDRED)) {
    errors.push({ field: 'lines', code: 'PIANO_OLTRE_100', message: `La somma delle percentuali del modello è ${total.normalize(2, 4).toString().replace('.', ',')}%: non può superare il 100%.`, fix: 'Riduci le percentuali.' });
  }
  if (t.lines.filter((l) => l.type === 'closing').length > 1) {
    errors.push({ field: 'lines', code: 'CHIUSURA_DUPLICATA', message: 'Il modello ha più di una riga di fattura di chiusura.', fix: 'Lascia una sola riga di chiusura.' });
  }
  return errors;
}

export function listTemplates(store: CompanyStore): PlanTemplate[] {
  return store.plans.listTemplates();
}

export function getTemplate(store: CompanyStore, id: number): PlanTemplate {
  return store.plans.getTemplate(id) ?? fail('MODELLO_NON_TROVATO', `Modello di piano ${id} non trovato.`, { fix: 'Ricarica l’elenco dei modelli.' });
}

export function saveTemplate(store: CompanyStore, input: PlanTemplateInput): PlanTemplate {
  return store.transaction(() => {
    const t: PlanTemplateInput = { ...input, name: input.name.trim(), lines: input.lines.map((l) => ({ ...l, percent: Decimal.tryParse(l.percent)?.normalize(2, 4).toString() ?? l.percent })) };
    throwIfInvalid('MODELLO_NON_VALIDO', 'Modello non salvabile', validateTemplate(t, getAccountingSettings(store)));
    const clash = store.plans.listTemplates().find((x) => x.name.toLowerCase() === t.name.toLowerCase() && x.id !== t.id);
    if (clash) fail('MODELLO_DUPLICATO', `Esiste già un modello «${clash.name}».`, { field: 'name', fix: 'Scegli un altro nome o modifica quel modello.' });
    const at = new Date().toISOString();
    if (t.id === undefined) return getTemplate(store, store.plans.insertTemplate(t, at));
    getTemplate(store, t.id);
    store.plans.updateTemplate({ ...t, id: t.id }, at);
    return getTemplate(store, t.id);
  });
}

export function deleteTemplate(store: CompanyStore, id: number): void {
  store.transaction(() => {
    getTemplate(store, id);
    store.plans.deleteTemplate(id);
  });
}

/**
 * The categories and sharing reasons a new vault starts with: what an Italian company is usually asked for by a bank,
 * a contracting authority, a new bank account, its accountant. Both lists are editable afterwards.
 */

/** Idle minutes before an unlocked vault locks by itself. */
export const DEFAULT_AUTO_LOCK_MINUTES = 10;

export interface DefaultCategory {
  key: string;
  name: string;
  description: string;
}

export const DEFAULT_CATEGORIES: readonly DefaultCategory[] = [
  { key: 'societari', name: 'Documenti societari', description: 'Visura camerale, statuto, atto costitutivo, verbali' },
  { key: 'bilanci', name: 'Bilanci e dichiarazioni', description: 'Bilanci depositati, dichiarazioni dei redditi e IVA' },
  { key: 'identita', name: 'Documenti d’identità dei soci/amministratori', description: 'Carta d’identità, passaporto, codice fiscale' },
  { key: 'contratti', name: 'Contratti', description: 'Contratti con clienti e fornitori, locazioni, incarichi' },
  { key: 'banca', name: 'Banca e finanziamenti', description: 'Estratti conto, contratti di finanziamento, Centrale Rischi' },
  { key: 'durc', name: 'DURC e certificazioni', description: 'DURC, attestazione SOA, certificazioni ISO, iscrizioni ad albi' },
  { key: 'contabilita', name: 'Fatture e contabilità', description: 'Registri IVA, libro giornale, fatture, F24' },
  { key: 'altro', name: 'Altro', description: 'Documenti che non rientrano nelle altre categorie' },
];

export interface DefaultReason {
  name: string;
  requirements: { category: string; min: number; note: string }[];
}

export const DEFAULT_REASONS: readonly DefaultReason[] = [
  {
    name: 'Richiesta di finanziamento bancario',
    requirements: [
      { category: 'bilanci', min: 3, note: 'Bilanci degli ultimi 2 anni e ultima dichiarazione dei redditi' },
      { category: 'societari', min: 1, note: 'Visura camerale aggiornata' },
      { category: 'identita', min: 1, note: 'Documento d’identità del legale rappresentante e dei garanti' },
      { category: 'banca', min: 1, note: 'Estratti conto recenti e finanziamenti in corso' },
    ],
  },
  {
    name: 'Partecipazione a gara d’appalto',
    requirements: [
      { category: 'societari', min: 1, note: 'Visura camerale aggiornata' },
      { category: 'durc', min: 1, note: 'DURC in corso di validità e certificazioni (SOA, ISO)' },
      { category: 'identita', min: 1, note: 'Documento d’identità del legale rappresentante' },
      { category: 'bilanci', min: 1, note: 'Ultimo bilancio depositato' },
    ],
  },
  {
    name: 'Apertura conto corrente',
    requirements: [
      { category: 'societari', min: 2, note: 'Visura camerale e statuto (o atto costitutivo)' },
      { category: 'identita', min: 1, note: 'Documenti d’identità degli amministratori e dei titolari effettivi' },
    ],
  },
  {
    name: 'Pratica per il commercialista',
    requirements: [
      { category: 'contabilita', min: 1, note: 'Registri, fatture e F24 del periodo' },
      { category: 'banca', min: 1, note: 'Estratti conto del periodo' },
      { category: 'bilanci', min: 1, note: 'Ultima dichiarazione presentata' },
    ],
  },
];

/**
 * CausalePagamento of the ritenuta (the CU "causale" codes): the XSD lists the codes without descriptions, so the
 * select shows these short Italian summaries of the Certificazione Unica instructions. "Z" is left out: the SdI has
 * refused it since 2021 (ZO replaces it).
 */
export const CAUSALI_CU: Readonly<Record<string, string>> = {
  A: 'Prestazioni di lavoro autonomo nell’esercizio abituale di arte o professione',
  B: 'Utilizzazione economica di opere dell’ingegno, brevetti e simili da parte dell’autore o inventore',
  C: 'Utili da associazione in partecipazione con apporto di solo lavoro',
  D: 'Utili spettanti ai soci promotori e fondatori di società di capitali',
  E: 'Levata di protesti cambiari da parte dei segretari comunali',
  G: 'Indennità per la cessazione di attività sportiva professionale',
  H: 'Indennità per la cessazione di rapporti di agenzia',
  I: 'Indennità per la cessazione da funzioni notarili',
  L: 'Utilizzazione economica di opere dell’ingegno, percepita da chi non ne è autore (a titolo gratuito)',
  L1: 'Utilizzazione economica di opere dell’ingegno, percepita da chi ha acquistato i diritti a titolo oneroso',
  M: 'Prestazioni di lavoro autonomo non esercitate abitualmente',
  M1: 'Redditi da obblighi di fare, non fare o permettere',
  M2: 'Prestazioni di lavoro autonomo occasionale con iscrizione alla Gestione separata ENPAPI',
  N: 'Indennità e compensi per attività sportive dilettantistiche',
  O: 'Prestazioni di lavoro autonomo occasionale senza obbligo di iscrizione alla Gestione separata',
  O1: 'Obblighi di fare, non fare o permettere senza obbligo di iscrizione alla Gestione separata',
  P: 'Compensi a non residenti per l’uso di attrezzature industriali, commerciali o scientifiche',
  Q: 'Provvigioni ad agente o rappresentante di commercio monomandatario',
  R: 'Provvigioni ad agente o rappresentante di commercio plurimandatario',
  S: 'Provvigioni a commissionario',
  T: 'Provvigioni a mediatore',
  U: 'Provvigioni a procacciatore d’affari',
  V: 'Provvigioni a incaricati delle vendite a domicilio o porta a porta',
  V1: 'Redditi da attività commerciali non esercitate abitualmente',
  W: 'Corrispettivi di contratti d’appalto soggetti a ritenuta (art. 25-ter DPR 600/73)',
  X: 'Canoni corrisposti nel 2004 a società o enti di altri Stati UE',
  Y: 'Canoni corrisposti dal 1/1/2005 al 26/7/2005 a società o enti di altri Stati UE',
  ZO: 'Titolo diverso dai precedenti',
};

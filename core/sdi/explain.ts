/**
 * What an SdI message means for the bookkeeper, in Italian: a title for the documents list, a severity for its colour,
 * a sentence on what happened and, when something must be done, the fix. Scarto errors are explained code by code
 * with describeSdiCode, keeping the SdI's own Descrizione and Suggerimento.
 */
import { describeSdiCode } from '../fatturapa/checks';
import { isDuplicateOnlyScarto, type SdiNotification } from './messages';

export interface ExplainedError {
  code: string;
  /** The SdI's Descrizione, as it came. */
  description: string;
  /** What the code means (our description of the control, or the SdI's text for codes we do not know). */
  explanation: string;
  /** How to fix it: our advice for the code, else the SdI's Suggerimento, else a generic hint. */
  fix: string;
  /** The SdI's own Suggerimento, when it gave one. */
  suggestion?: string;
}

export interface NotificationExplanation {
  title: string;
  severity: 'ok' | 'warning' | 'error';
  message: string;
  fix?: string;
  errors?: ExplainedError[];
}

export interface ExplainOptions {
  /** The invoice is addressed to a Pubblica Amministrazione (FPA12): MC and RC then mean something more. */
  pa?: boolean;
}

/** "2026-05-04T10:00:00Z" or "2026-05-04" → "04/05/2026"; anything else as it is. */
export function formatItalianDate(value: string | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : value;
}

/** "(file IT..._00001.xml, identificativo SdI 123)", to follow "la fattura". */
const fileRef = (n: SdiNotification): string =>
  n.invoiceFileName ? `(file ${n.invoiceFileName}, identificativo SdI ${n.sdiId})` : `(identificativo SdI ${n.sdiId})`;

export function explainNotification(n: SdiNotification, opts: ExplainOptions = {}): NotificationExplanation {
  switch (n.kind) {
    case 'RC': {
      const when = n.deliveredAt ? ` il ${formatItalianDate(n.deliveredAt)}` : '';
      const to = n.destinatarioDescrizione ? ` al destinatario «${n.destinatarioDescrizione}»` : n.codiceDestinatario ? ` al codice destinatario ${n.codiceDestinatario}` : ' al cliente';
      return {
        title: 'Consegnata al cliente',
        severity: 'ok',
        message: `Il Sistema di Interscambio ha consegnato la fattura ${fileRef(n)}${to}${when}: la fattura è emessa.` +
          (opts.pa ? ' La PA ha 15 giorni per accettarla o rifiutarla; se non risponde arriverà la notifica di decorrenza termini.' : ''),
      };
    }
    case 'MC':
      if (opts.pa) {
        return {
          title: 'Non consegnata alla PA',
          severity: 'warning',
          message: `Il Sistema di Interscambio non è riuscito a consegnare la fattura ${fileRef(n)} alla pubblica amministrazione${n.description ? ` (${n.description})` : ''}. ` +
            'Riproverà per 10 giorni: se ci riesce arriverà la ricevuta di consegna, altrimenti l’attestazione di avvenuta trasmissione.',
          fix: 'Non reinviare la fattura: avvisa l’ufficio della PA (codice univoco ufficio in fattura) che il suo canale di ricezione non risponde.',
        };
      }
      return {
        title: 'Non consegnata',
        severity: 'warning',
        message: `Non consegnata: la fattura è comunque emessa ed è a disposizione del cliente nel suo cassetto fiscale; avvisalo. ` +
          `Il Sistema di Interscambio non ha potuto recapitare la fattura ${fileRef(n)}` +
          (n.dataMessaADisposizione ? `; è consultabile nell’area riservata del cliente dal ${formatItalianDate(n.dataMessaADisposizione)}` : '') +
          (n.description ? ` (${n.description})` : '') + '.',
        fix: 'Non reinviarla (sarebbe scartata come duplicata): comunica al cliente che l’originale è nella sua area riservata sul sito dell’Agenzia delle Entrate e mandagli una copia in PDF.',
      };
    case 'NS': {
      const errors = (n.errors ?? []).map(explainError);
      if (isDuplicateOnlyScarto(n)) {
        return {
          title: 'Già trasmessa (duplicato)',
          severity: 'warning',
          message: `Il Sistema di Interscambio aveva già ricevuto questo ${n.errors!.some((e) => e.code === '00404') ? 'documento' : 'file'}: l’invio ${fileRef(n)} è un secondo invio e non cambia l’esito del primo, che resta valido.`,
          fix: 'Nessuna azione: lo stato della fattura segue le notifiche del primo invio.',
          errors,
        };
      }
      return {
        title: 'Scartata',
        severity: 'error',
        message: 'Scartata: la fattura NON è emessa; correggila e reinviala entro 5 giorni con lo stesso numero e la stessa data. ' +
          `Il Sistema di Interscambio ha scartato la fattura ${fileRef(n)} per ${errors.length === 1 ? 'questo motivo' : `${errors.length} motivi`}.`,
        fix: 'Correggi gli errori elencati e reinvia la fattura (nuovo nome file, stesso numero e stessa data) entro 5 giorni dallo scarto.',
        errors,
      };
    }
    case 'NE':
      if (n.esito === 'EC02') {
        return {
          title: 'Rifiutata dalla PA',
          severity: 'error',
          message: `La pubblica amministrazione ha rifiutato la fattura ${fileRef(n)}${n.description ? `. Motivo indicato: «${n.description}»` : ' senza indicare il motivo'}.`,
          fix: 'Contatta l’ufficio della PA per chiarire il motivo; la fattura è comunque emessa: per annullarla emetti una nota di credito e, se serve, una nuova fattura corretta.',
        };
      }
      return {
        title: 'Accettata dalla PA',
        severity: 'ok',
        message: `La pubblica amministrazione ha accettato la fattura ${fileRef(n)}${n.description ? ` («${n.description}»)` : ''}.`,
      };
    case 'DT':
      return {
        title: 'Decorrenza termini',
        severity: 'ok',
        message: `Sono passati 15 giorni dalla consegna della fattura ${fileRef(n)} senza che la pubblica amministrazione l’abbia accettata o rifiutata: ` +
          'il processo sul Sistema di Interscambio è chiuso e la fattura resta emessa.',
        fix: 'Nessuna azione sul SdI; per il pagamento segui la pratica direttamente con l’ufficio della PA.',
      };
    case 'AT':
      return {
        title: 'Trasmessa, non recapitabile alla PA',
        severity: 'warning',
        message: `Attestazione di avvenuta trasmissione con impossibilità di recapito: il Sistema di Interscambio non è riuscito a consegnare la fattura ${fileRef(n)} ` +
          'alla pubblica amministrazione entro 10 giorni. La fattura è considerata trasmessa.',
        fix: 'Invia alla PA, per PEC o e-mail, la fattura insieme a questa attestazione: non va ritrasmessa tramite il SdI.',
      };
    case 'MT':
      return {
        title: 'Fattura ricevuta',
        severity: 'ok',
        message: `Metadati della fattura ricevuta ${n.invoiceFileName} (identificativo SdI ${n.sdiId}${n.formato ? `, formato ${n.formato}` : ''}).`,
      };
    case 'EC':
      return n.esito === 'EC02'
        ? { title: 'Esito inviato: rifiuto', severity: 'warning', message: `Esito del committente: rifiuto della fattura con identificativo SdI ${n.sdiId}${n.description ? ` («${n.description}»)` : ''}.` }
        : { title: 'Esito inviato: accettazione', severity: 'ok', message: `Esito del committente: accettazione della fattura con identificativo SdI ${n.sdiId}.` };
    case 'SE':
      return {
        title: 'Esito committente scartato',
        severity: 'warning',
        message: `Il Sistema di Interscambio ha scartato l’esito inviato per la fattura con identificativo SdI ${n.sdiId}: ` +
          (n.scarto === 'EN01' ? 'notifica non ammissibile (per esempio inviata oltre i 15 giorni o per una fattura già decorsa).' : 'notifica non conforme al formato.'),
        fix: n.scarto === 'EN01' ? 'I termini per accettare o rifiutare sono chiusi: gestisci la questione direttamente con il fornitore.' : 'Genera di nuovo l’esito e reinvialo.',
      };
  }
}

function explainError(e: { code: string; description: string; suggestion?: string }): ExplainedError {
  const known = describeSdiCode(e.code);
  const out: ExplainedError = {
    code: e.code,
    description: e.description,
    explanation: known ? known.descrizione : e.description || `Errore ${e.code} segnalato dal Sistema di Interscambio.`,
    fix: known?.fix ?? e.suggestion ?? 'Correggi il dato indicato nella descrizione dell’errore e reinvia la fattura.',
  };
  if (e.suggestion) out.suggestion = e.suggestion;
  return out;
}

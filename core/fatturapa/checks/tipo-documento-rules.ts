/**
 * What each TipoDocumento requires or forbids about the parties (SdI controls 00471-00475), as a table.
 *
 * Sources (read through the `search` tool; no official "Elenco controlli" text was available offline):
 * - 00471: spec 1.7.1 (01/10/2022) "Modificato il criterio di controllo per l'errore 00471 per i tipi documento TD01,
 *   TD02, TD03, TD06, TD24, TD25 e TD28" (quoted in OCA/l10n-italy issue #2926); full list TD01, TD02, TD03, TD06, TD16,
 *   TD17, TD18, TD19, TD20, TD24, TD25, TD28 in the FatturaElettronica.NET message and youdox.it "Codice errore 00471".
 *   Spec 1.9 (01/04/2025) "Aggiornate descrizioni codici errore 00471, 00473 e 00475" (OCA/l10n-italy issue #4631) for the
 *   new TD29, which is discarded when cedente and cessionario coincide (terrinassociati.com on TD29).
 * - 00472: TD21 (autofattura per splafonamento) and, since spec 1.7.1, TD27 (NET message "I valori TD21 e TD27 del tipo
 *   documento non ammettono l'indicazione in fattura di un cedente diverso dal cessionario").
 * - 00473: TD17, TD18, TD19 and TD28 do not admit an Italian cedente; for TD17 and TD19 "OO" (Livigno, Campione d'Italia)
 *   is admitted (spec text quoted in FatturaElettronica.NET issue #379). Spec 1.7.1 also required IdPaese "SM" for
 *   TD28; spec 1.8 widened TD28 to suppliers not established in Italy (NET issue #407, PR #408): we implement 1.8+, i.e.
 *   any IdPaese but IT. TD29 is the communication about an Italian supplier (XSD 1.2.3 description: "da parte del
 *   cedente/prestatore italiano"), so its cedente must have IdPaese IT.
 * - 00474: TD21, every line must have a non-zero AliquotaIVA (NET message on "autofattura per splafonamento").
 * - 00475: TD16, TD17, TD18, TD19, TD20, TD22, TD23 and TD28 require the cessionario's IdFiscaleIVA (NET message, spec
 *   1.7.1), TD29 added by spec 1.9.
 * - TD26 (cessione di beni ammortizzabili e passaggi interni) appears in none of these lists: no constraint.
 */
export interface TipoDocumentoRule {
  /** 00471: cedente/prestatore and cessionario/committente must be different subjects. */
  soggettiDiversi?: true;
  /** 00472: cedente/prestatore and cessionario/committente must be the same subject. */
  stessoSoggetto?: true;
  /** 00473: IdPaese of the cedente/prestatore that is not admitted... */
  idPaeseCedenteVietato?: string;
  /** ...or that is the only one admitted. */
  idPaeseCedenteRichiesto?: string;
  /** 00474: no detail line may have AliquotaIVA zero. */
  aliquotaDiversaDaZero?: true;
  /** 00475: the cessionario/committente must have IdFiscaleIVA. */
  idFiscaleIvaCessionario?: true;
}

export const TIPO_DOCUMENTO_RULES: Readonly<Record<string, TipoDocumentoRule>> = {
  // Fattura, acconti/anticipi, parcella: issued to someone else; billing oneself goes through TD27 (or TD21).
  TD01: { soggettiDiversi: true },
  TD02: { soggettiDiversi: true },
  TD03: { soggettiDiversi: true },
  TD06: { soggettiDiversi: true },
  // Note di credito e di debito: no party rule.
  TD04: {},
  TD05: {},
  // Integrazione reverse charge interno: the buyer integrates the supplier's invoice, so the buyer's P.IVA is needed.
  TD16: { soggettiDiversi: true, idFiscaleIvaCessionario: true },
  // Integrazione/autofattura acquisti di servizi dall'estero: foreign supplier ("OO" admitted for Livigno/Campione).
  TD17: { soggettiDiversi: true, idPaeseCedenteVietato: 'IT', idFiscaleIvaCessionario: true },
  // Integrazione acquisti intracomunitari di beni: EU supplier.
  TD18: { soggettiDiversi: true, idPaeseCedenteVietato: 'IT', idFiscaleIvaCessionario: true },
  // Integrazione/autofattura acquisti di beni ex art. 17 c.2: foreign supplier ("OO" admitted).
  TD19: { soggettiDiversi: true, idPaeseCedenteVietato: 'IT', idFiscaleIvaCessionario: true },
  // Autofattura per regolarizzazione (reverse charge, art. 46 DL 331/93): the buyer regularises a supplier's invoice.
  TD20: { soggettiDiversi: true, idFiscaleIvaCessionario: true },
  // Autofattura per splafonamento: issued by the exporter to itself, always with VAT.
  TD21: { stessoSoggetto: true, aliquotaDiversaDaZero: true },
  // Estrazione beni da deposito IVA (with or without payment of VAT): the extractor's P.IVA is needed.
  TD22: { idFiscaleIvaCessionario: true },
  TD23: { idFiscaleIvaCessionario: true },
  // Fatture differite: to someone else.
  TD24: { soggettiDiversi: true },
  TD25: { soggettiDiversi: true },
  // Cessione di beni ammortizzabili e passaggi interni: no party rule.
  TD26: {},
  // Autoconsumo o cessioni gratuite senza rivalsa: the company invoices itself.
  TD27: { stessoSoggetto: true },
  // Acquisti da San Marino (and, since spec 1.8, other non-established suppliers) with paper invoice and VAT.
  TD28: { soggettiDiversi: true, idPaeseCedenteVietato: 'IT', idFiscaleIvaCessionario: true },
  // Comunicazione per omessa o irregolare fatturazione da parte del cedente italiano (spec 1.9).
  TD29: { soggettiDiversi: true, idPaeseCedenteRichiesto: 'IT', idFiscaleIvaCessionario: true },
};

/**
 * Italian explanation and fix for the SdI error codes a rejection (NS, notifica di scarto / ricevuta di scarto) can
 * carry. Descriptions start from the official wording (as collected in ../shared/fatturapa/sdi-error-codes.tsv:
 * FatturaElettronica.NET messages, the specification's field-numbered wording, public help pages); the fixes are ours
 * and speak to the bookkeeper. Embedded as data: the tsv is not shipped with the application.
 */
export interface SdiCodeDescription {
  descrizione: string;
  fix: string;
}

const SDI_CODES: Readonly<Record<string, SdiCodeDescription>> = {
  // File-level checks
  '00001': {
    descrizione: 'Nome file non valido: deve essere IdPaese + IdCodice del trasmittente, "_", progressivo di 5 caratteri, con estensione .xml, .xml.p7m o .zip',
    fix: 'Rinominare il file nel formato IT01234567890_00001.xml (identificativo del trasmittente e progressivo univoco) e reinviarlo.',
  },
  '00002': {
    descrizione: 'Nome file duplicato: un file con lo stesso nome è già stato ricevuto dal SdI',
    fix: 'Se il file era già stato inviato, verificarne l\'esito prima di reinviarlo; altrimenti usare un nuovo progressivo nel nome del file.',
  },
  '00003': {
    descrizione: 'Le dimensioni del file superano quelle ammesse (5 MB per file)',
    fix: 'Ridurre o comprimere gli allegati, oppure dividere il lotto in più file.',
  },
  // Signature
  '00100': { descrizione: 'Certificato di firma scaduto', fix: 'Rinnovare il certificato di firma digitale e firmare di nuovo il file.' },
  '00101': { descrizione: 'Certificato di firma revocato', fix: 'Usare un certificato di firma valido (non revocato) e firmare di nuovo il file.' },
  '00102': {
    descrizione: 'La firma elettronica apposta al file non risulta valida (il file è stato modificato dopo la firma)',
    fix: 'Firmare di nuovo il file senza modificarlo dopo la firma.',
  },
  '00103': {
    descrizione: 'Alla firma elettronica apposta al file manca il riferimento temporale',
    fix: 'Firmare di nuovo il file con un software che includa la data e ora di firma.',
  },
  '00104': {
    descrizione: 'La CA (Certification Authority) che ha emesso il certificato di firma non risulta nell\'elenco delle CA affidabili',
    fix: 'Firmare con un certificato rilasciato da un certificatore accreditato (elenco AgID).',
  },
  '00105': {
    descrizione: 'Il riferimento temporale associato alla firma elettronica apposta al file è successivo alla data di ricezione del file',
    fix: 'Controllare data e ora del computer che firma e firmare di nuovo il file.',
  },
  '00106': {
    descrizione: 'Il file compresso è vuoto oppure non è leggibile',
    fix: 'Ricreare l\'archivio zip con le fatture al suo interno e reinviarlo.',
  },
  '00107': { descrizione: 'Il certificato di firma non è valido', fix: 'Usare un certificato di firma qualificata valido e firmare di nuovo il file.' },
  // Format
  '00200': {
    descrizione: 'File non conforme al formato: il contenuto non rispetta lo schema XSD (la descrizione indica l\'elemento errato)',
    fix: 'Correggere il campo indicato nella notifica (formato, lunghezza, valori ammessi, ordine degli elementi) e reinviare.',
  },
  '00201': {
    descrizione: 'Superato il numero massimo di errori di formato (50): non è possibile procedere con ulteriori controlli',
    fix: 'Il file ha molti errori di formato: rigenerarlo con un programma conforme e controllarlo prima dell\'invio.',
  },
  // Fiscal identifiers and recipient
  '00300': {
    descrizione: '1.1.1.2 IdCodice del trasmittente non valido',
    fix: 'Controllare la partita IVA o il codice fiscale del soggetto trasmittente in DatiTrasmissione/IdTrasmittente.',
  },
  '00301': {
    descrizione: '1.2.1.1.2 IdCodice del cedente/prestatore non valido (partita IVA inesistente per l\'Anagrafe Tributaria)',
    fix: 'Controllare la partita IVA dell\'azienda emittente nei dati anagrafici.',
  },
  '00302': {
    descrizione: '1.2.1.2 CodiceFiscale del cedente/prestatore non valido',
    fix: 'Controllare il codice fiscale dell\'azienda emittente o toglierlo se non necessario.',
  },
  '00303': {
    descrizione: '1.3.1.1.2 o 1.4.4.1.2 IdCodice del rappresentante fiscale non valido',
    fix: 'Controllare la partita IVA del rappresentante fiscale.',
  },
  '00304': { descrizione: '1.3.1.2 CodiceFiscale del rappresentante fiscale non valido', fix: 'Controllare il codice fiscale del rappresentante fiscale.' },
  '00305': {
    descrizione: '1.4.1.1.2 IdCodice del cessionario/committente non valido (partita IVA inesistente o cessata)',
    fix: 'Verificare la partita IVA del cliente (anche con il servizio di verifica dell\'Agenzia o VIES); se è un ente con solo codice fiscale indicare quello.',
  },
  '00306': {
    descrizione: '1.4.1.2 CodiceFiscale del cessionario/committente non valido',
    fix: 'Verificare il codice fiscale del cliente (per le persone fisiche 16 caratteri, per le società 11 cifre).',
  },
  '00311': {
    descrizione: '1.1.4 CodiceDestinatario non valido: il codice non corrisponde a un canale o ufficio esistente',
    fix: 'Chiedere al cliente il codice destinatario corretto (o il codice ufficio IPA per la PA); in mancanza usare 0000000.',
  },
  '00312': {
    descrizione: '1.1.4 CodiceDestinatario non attivo',
    fix: 'Il codice destinatario indicato non è più attivo: chiedere al cliente quello aggiornato o usare 0000000.',
  },
  '00330': {
    descrizione: '1.1.6 PECDestinatario: l\'indirizzo PEC indicato corrisponde ad una casella PEC del SdI',
    fix: 'Indicare l\'indirizzo PEC del cliente, non quello del Sistema di Interscambio.',
  },
  '00398': {
    descrizione: 'Codice Ufficio presente ed univocamente identificabile nell\'anagrafica IPA, a fronte di CodiceDestinatario valorizzato con il codice ufficio "Centrale" (solo fatture alla PA)',
    fix: 'Usare il codice univoco ufficio dell\'amministrazione indicato nella notifica o consultabile su indicepa.gov.it.',
  },
  '00399': {
    descrizione: 'CodiceFiscale del cessionario/committente presente nell\'anagrafica IPA, a fronte di CodiceDestinatario valorizzato a "999999" (solo fatture alla PA)',
    fix: 'L\'amministrazione è censita in IPA: indicare il suo codice univoco ufficio al posto di 999999.',
  },
  // Content checks
  '00400': {
    descrizione: '2.2.1.14 Natura non presente a fronte di 2.2.1.12 AliquotaIVA pari a zero',
    fix: 'Sulle righe con aliquota 0 indicare la Natura dell\'operazione (es. N2.2, N3.1, N4) o l\'aliquota corretta.',
  },
  '00401': {
    descrizione: '2.2.1.14 Natura presente a fronte di 2.2.1.12 AliquotaIVA diversa da zero (un\'aliquota diversa da zero qualifica l\'operazione come imponibile; fa eccezione TipoDocumento TD16)',
    fix: 'Togliere la Natura dalle righe con aliquota, oppure portare l\'aliquota a 0.00 se l\'operazione non è imponibile.',
  },
  '00403': {
    descrizione: '2.1.1.3 Data della fattura successiva alla data di ricezione da parte del SdI',
    fix: 'La fattura non può avere una data futura: correggere la data e reinviare (entro 5 giorni dallo scarto si può mantenere numero e data originali se corretti).',
  },
  '00404': {
    descrizione: 'Fattura duplicata: una fattura con gli stessi cedente, tipo documento, numero, data e anno è già stata trasmessa e accettata',
    fix: 'La fattura risulta già inviata: verificarne l\'esito invece di reinviarla; se è davvero un nuovo documento usare un nuovo numero.',
  },
  '00409': {
    descrizione: 'Fattura duplicata nel lotto: lo stesso documento compare più volte nel file o è già stato trasmesso',
    fix: 'Togliere dal lotto le fatture ripetute o già inviate.',
  },
  '00411': {
    descrizione: '2.1.1.5 DatiRitenuta non presente a fronte di almeno un blocco 2.2.1 DettaglioLinee con 2.2.1.13 Ritenuta uguale a SI',
    fix: 'Compilare i dati della ritenuta (tipo, importo, aliquota, causale) oppure togliere "Ritenuta SI" dalle righe non soggette.',
  },
  '00413': {
    descrizione: '2.1.1.7.7 Natura non presente a fronte di 2.1.1.7.5 AliquotaIVA pari a zero (cassa previdenziale)',
    fix: 'Nel contributo cassa con aliquota 0 indicare la Natura, o applicare l\'aliquota IVA corretta.',
  },
  '00414': {
    descrizione: '2.1.1.7.7 Natura presente a fronte di 2.1.1.7.5 AliquotaIVA diversa da zero (cassa previdenziale)',
    fix: 'Nel contributo cassa togliere la Natura se l\'aliquota è diversa da zero.',
  },
  '00415': {
    descrizione: '2.1.1.5 DatiRitenuta non presente a fronte di 2.1.1.7.6 Ritenuta uguale a SI (cassa previdenziale)',
    fix: 'Compilare i dati della ritenuta oppure togliere "Ritenuta SI" dal contributo cassa.',
  },
  '00417': {
    descrizione: '1.4.1.1 IdFiscaleIVA e 1.4.1.2 CodiceFiscale del cessionario/committente non valorizzati (almeno uno dei due deve essere valorizzato)',
    fix: 'Indicare la partita IVA del cliente o, per i privati, il codice fiscale.',
  },
  '00418': {
    descrizione: '2.1.1.3 Data antecedente a una o più date in 2.1.6 DatiFattureCollegate',
    fix: 'Il documento (es. nota di credito) non può avere una data precedente alla fattura collegata: correggere una delle due date.',
  },
  '00419': {
    descrizione: '2.2.2 DatiRiepilogo non presente in corrispondenza di almeno un valore di 2.2.1.12 AliquotaIVA o 2.1.1.7.5 AliquotaIVA',
    fix: 'Aggiungere un riepilogo IVA per ogni aliquota usata nelle righe e nei contributi cassa.',
  },
  '00420': {
    descrizione: '2.2.2.2 Natura con valore di tipo N6 (inversione contabile) a fronte di 2.2.2.7 EsigibilitaIVA uguale a S (scissione pagamenti)',
    fix: 'Inversione contabile e scissione dei pagamenti si escludono: togliere EsigibilitaIVA S o correggere la Natura.',
  },
  '00421': {
    descrizione: '2.2.2.6 Imposta non calcolata secondo le regole definite nelle specifiche tecniche (ImponibileImporto x AliquotaIVA / 100, con tolleranza di un centesimo)',
    fix: 'Ricalcolare l\'imposta di ogni riepilogo come imponibile per aliquota, arrotondata al centesimo.',
  },
  '00422': {
    descrizione: '2.2.2.5 ImponibileImporto non calcolato secondo le regole definite nelle specifiche tecniche (somma dei PrezzoTotale e dei contributi cassa dell\'aliquota, più Arrotondamento, con tolleranza di un euro)',
    fix: 'Ricalcolare l\'imponibile di ogni riepilogo come somma delle righe con quell\'aliquota (e natura) più i contributi cassa; le piccole differenze vanno in Arrotondamento.',
  },
  '00423': {
    descrizione: '2.2.1.11 PrezzoTotale non calcolato secondo le regole definite nelle specifiche tecniche (PrezzoUnitario con sconti/maggiorazioni per Quantita, con tolleranza di un centesimo)',
    fix: 'Ricalcolare il prezzo totale della riga indicata: prezzo unitario meno sconti (riferiti al prezzo unitario) per quantità.',
  },
  '00424': {
    descrizione: '2.2.1.12, 2.2.2.1 o 2.1.1.7.5 AliquotaIVA non indicata in termini percentuali',
    fix: 'Scrivere l\'aliquota come percentuale: 22% si scrive 22.00, non 0.22.',
  },
  '00425': {
    descrizione: '2.1.1.4 Numero della fattura non contenente caratteri numerici',
    fix: 'Il numero del documento deve contenere almeno una cifra.',
  },
  '00426': {
    descrizione: '1.1.6 PECDestinatario non valorizzato a fronte di 1.1.4 CodiceDestinatario 0000000, o valorizzato a fronte di CodiceDestinatario diverso da 0000000',
    fix: 'Indicare la PEC solo con CodiceDestinatario 0000000; con un codice destinatario di 7 caratteri togliere la PEC.',
  },
  '00427': {
    descrizione: '1.1.4 CodiceDestinatario di 7 caratteri a fronte di 1.1.3 FormatoTrasmissione FPA12, o di 6 caratteri a fronte di FPR12',
    fix: 'Per la PA usare FPA12 con il codice ufficio IPA di 6 caratteri; per i privati FPR12 con un codice di 7 caratteri.',
  },
  '00428': {
    descrizione: '1.1.3 FormatoTrasmissione con valore diverso da FPA12 e FPR12, o non coerente con l\'attributo versione del documento',
    fix: 'Usare FPA12 (PA) o FPR12 (privati), uguale in FormatoTrasmissione e nell\'attributo versione.',
  },
  '00429': {
    descrizione: '2.2.2.2 Natura non presente a fronte di 2.2.2.1 AliquotaIVA pari a zero (riepilogo)',
    fix: 'Nel riepilogo con aliquota 0 indicare la Natura delle operazioni.',
  },
  '00430': {
    descrizione: '2.2.2.2 Natura presente a fronte di 2.2.2.1 AliquotaIVA diversa da zero (riepilogo; fa eccezione TipoDocumento TD16)',
    fix: 'Nel riepilogo con aliquota diversa da zero togliere la Natura.',
  },
  '00437': {
    descrizione: '2.1.1.8.2 Percentuale e 2.1.1.8.3 Importo non presenti a fronte di 2.1.1.8.1 Tipo valorizzato (sconto/maggiorazione del documento)',
    fix: 'Indicare percentuale o importo dello sconto/maggiorazione sul documento, oppure togliere il blocco.',
  },
  '00438': {
    descrizione: '2.2.1.10.2 Percentuale e 2.2.1.10.3 Importo non presenti a fronte di 2.2.1.10.1 Tipo valorizzato (sconto/maggiorazione di riga)',
    fix: 'Indicare percentuale o importo (per unità) dello sconto/maggiorazione della riga, oppure togliere il blocco.',
  },
  '00443': {
    descrizione: 'Non c\'è corrispondenza tra le aliquote IVA delle linee di dettaglio o dei dati cassa previdenziale e quelle dei dati di riepilogo',
    fix: 'Fare in modo che i riepiloghi IVA abbiano esattamente le aliquote usate nelle righe e nei contributi cassa.',
  },
  '00444': {
    descrizione: 'Non c\'è corrispondenza tra le nature delle linee di dettaglio o dei dati cassa previdenziale e quelle dei dati di riepilogo',
    fix: 'Fare in modo che i riepiloghi IVA abbiano esattamente le nature usate nelle righe e nei contributi cassa.',
  },
  '00445': {
    descrizione: 'Non è più ammesso il valore generico N2, N3 o N6 come codice natura dell\'operazione (dal 1° gennaio 2021)',
    fix: 'Usare i sottocodici: N2.1/N2.2, da N3.1 a N3.6, da N6.1 a N6.9.',
  },
  '00448': {
    descrizione: 'Per le fatture transfrontaliere non è più ammesso il valore generico N2, N3 o N6 come codice natura dell\'operazione',
    fix: 'Usare i sottocodici della natura (es. N3.2 cessioni intracomunitarie, N2.1 servizi extra-UE art. 7-7septies).',
  },
  '00460': {
    descrizione: 'Importo totale superiore al limite previsto per le fatture semplificate (art. 21-bis DPR 633/72 e DM 10 maggio 2019)',
    fix: 'Oltre il limite (400 euro) emettere una fattura ordinaria invece della semplificata.',
  },
  '00471': {
    descrizione: 'Per il valore indicato in 2.1.1.1 TipoDocumento il cedente/prestatore non può essere uguale al cessionario/committente (TD01, TD02, TD03, TD06, TD16-TD20, TD24, TD25, TD28, TD29)',
    fix: 'Per fatturare a sé stessi usare TD27 (autoconsumo, cessioni gratuite) o TD21 (splafonamento); altrimenti correggere i dati del cliente.',
  },
  '00472': {
    descrizione: 'I valori TD21 e TD27 del tipo documento non ammettono l\'indicazione in fattura di un cedente diverso dal cessionario',
    fix: 'Nelle autofatture TD21 e TD27 indicare la propria azienda sia come cedente sia come cessionario.',
  },
  '00473': {
    descrizione: 'Per il valore indicato in 2.1.1.1 TipoDocumento il valore di 1.2.1.1.1 IdPaese del cedente/prestatore non è ammesso (TD17, TD18, TD19, TD28: non IT; TD29: solo IT)',
    fix: 'Per le integrazioni di acquisti dall\'estero indicare il paese del fornitore estero; TD29 vale solo per fornitori italiani.',
  },
  '00474': {
    descrizione: 'Nel tipo documento "autofattura per splafonamento" (TD21) tutte le linee di dettaglio devono avere un\'aliquota IVA diversa da zero',
    fix: 'Applicare l\'aliquota IVA a tutte le righe dell\'autofattura per splafonamento.',
  },
  '00475': {
    descrizione: 'Per il valore indicato in 2.1.1.1 TipoDocumento deve essere presente l\'elemento 1.4.1.1 IdFiscaleIVA del cessionario/committente (TD16-TD20, TD22, TD23, TD28, TD29)',
    fix: 'Indicare la partita IVA del cessionario/committente, cioè dell\'azienda che integra o regolarizza il documento.',
  },
  '00476': {
    descrizione: 'Gli elementi 1.2.1.1.1 IdPaese (cedente) e 1.4.1.1.1 IdPaese (cessionario) non possono essere entrambi valorizzati con codice diverso da IT',
    fix: 'Almeno una delle due parti deve essere italiana: controllare i paesi indicati.',
  },
};

/** Italian explanation and fix of an SdI error code ("00423"), or undefined when the code is unknown. */
export function describeSdiCode(code: string): SdiCodeDescription | undefined {
  const d = Object.prototype.hasOwnProperty.call(SDI_CODES, code) ? SDI_CODES[code] : undefined;
  return d && { descrizione: d.descrizione, fix: d.fix };
}

/** Every code with a description, sorted. */
export const KNOWN_SDI_CODES: readonly string[] = Object.keys(SDI_CODES).sort();

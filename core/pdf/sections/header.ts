/**
 * First page top: the supplier as letterhead on the left, the document title, number and date on the right; below,
 * the customer box and the document-data box side by side.
 */
import type { CedentePrestatore, CessionarioCommittente } from '../../fatturapa/schema.generated';
import type { RenderContext } from '../context';
import {
  addressInline,
  addressLines,
  capitalize,
  codeWithDescription,
  describe,
  fiscalIds,
  partyName,
} from '../describe';
import { formatDate, formatMoney, formatNumber } from '../format';
import { ACCENT, INK, MUTED, RULE, blockHeight, drawBlock, layoutBlock, baseline, type CellPart, type TextLine } from '../layout';
import { pdfLine } from '../winansi';
import { joinNonEmpty } from './common';

/** Heading of the document: the official description of its TipoDocumento ("Fattura", "Nota di credito", ...). */
export function documentTitle(tipo: string | undefined): string {
  const d = describe('TipoDocumentoType', tipo);
  return d ? capitalize(d) : tipo?.trim() || 'Documento';
}

export function drawFirstPageHeader(ctx: RenderContext): void {
  drawLetterhead(ctx);
  drawPartyBoxes(ctx);
}

function supplierParts(ctx: RenderContext, cp: CedentePrestatore | undefined): CellPart[] {
  const { L } = ctx;
  const da = cp?.DatiAnagrafici;
  const rea = cp?.IscrizioneREA;
  const parts: CellPart[] = [{ text: pdfLine(partyName(da?.Anagrafica)), size: 13, style: 'bold' }];
  const small = (text: string, color = INK): void => {
    if (text.trim()) parts.push({ text: pdfLine(text), size: 8, color });
  };
  for (const l of addressLines(cp?.Sede)) small(l);
  small(fiscalIds(L, da?.IdFiscaleIVA, da?.CodiceFiscale));
  if (rea) {
    small(
      joinNonEmpty([
        `${L.rea} ${joinNonEmpty([rea.Ufficio, rea.NumeroREA], '-')}`,
        rea.CapitaleSociale && `${L.capitaleSociale} ${formatMoney(rea.CapitaleSociale, 'EUR', ctx.locale)}`,
        rea.SocioUnico === 'SU' ? L.socioUnico : rea.SocioUnico === 'SM' ? L.piuSoci : undefined,
        rea.StatoLiquidazione === 'LS' ? L.inLiquidazione : undefined,
      ]),
      MUTED,
    );
  }
  if (da?.AlboProfessionale) {
    small(
      `${L.albo}: ${joinNonEmpty(
        [
          da.AlboProfessionale + (da.ProvinciaAlbo ? ` (${da.ProvinciaAlbo})` : ''),
          da.NumeroIscrizioneAlbo && `n. ${da.NumeroIscrizioneAlbo}`,
          da.DataIscrizioneAlbo && formatDate(da.DataIscrizioneAlbo),
        ],
        ' ',
      )}`,
      MUTED,
    );
  }
  small(`${L.regimeFiscale}: ${codeWithDescription('RegimeFiscaleType', da?.RegimeFiscale)}`, MUTED);
  const c = cp?.Contatti;
  small(joinNonEmpty([c?.Telefono && `${L.phone} ${c.Telefono}`, c?.Fax && `${L.fax} ${c.Fax}`, c?.Email && `${L.email} ${c.Email}`]), MUTED);
  if (da?.Anagrafica?.CodEORI) small(`${L.eori} ${da.Anagrafica.CodEORI}`, MUTED);
  if (cp?.StabileOrganizzazione) small(`${L.stabileOrganizzazione}: ${addressInline(cp.StabileOrganizzazione)}`, MUTED);
  const rf = ctx.fattura.FatturaElettronicaHeader?.RappresentanteFiscale?.DatiAnagrafici;
  if (rf) small(`${L.rappresentanteFiscale}: ${joinNonEmpty([partyName(rf.Anagrafica), fiscalIds(L, rf.IdFiscaleIVA, rf.CodiceFiscale)])}`, MUTED);
  if (cp?.RiferimentoAmministrazione) small(`${L.riferimentoAmministrazione}: ${cp.RiferimentoAmministrazione}`, MUTED);
  return parts;
}

function drawLetterhead(ctx: RenderContext): void {
  const { canvas, flow, L } = ctx;
  const dg = ctx.body.DatiGenerali?.DatiGeneraliDocumento;
  const leftWidth = flow.width * 0.56;
  const rightWidth = flow.width * 0.4;
  const top = flow.y;

  const left = layoutBlock(canvas, supplierParts(ctx, ctx.fattura.FatturaElettronicaHeader?.CedentePrestatore), leftWidth);
  const right = layoutBlock(
    canvas,
    [
      // TD20/TD29 descriptions run past 100 characters: a smaller heading keeps them to a few lines.
      { text: pdfLine(ctx.heading), size: ctx.heading.length <= 30 ? 18 : ctx.heading.length <= 70 ? 14 : 11, style: 'bold', color: ACCENT },
      { text: pdfLine(L.numberAndDate(dg?.Numero ?? '', formatDate(dg?.Data))), size: 10.5, style: 'bold' },
    ],
    rightWidth,
  );
  drawBlock(canvas, left, flow.left, top, leftWidth);
  drawBlock(canvas, right, flow.right - rightWidth, top, rightWidth, 'right');
  flow.y = top + Math.max(blockHeight(left), blockHeight(right)) + 12;
}

function customerParts(ctx: RenderContext, cc: CessionarioCommittente | undefined): CellPart[] {
  const { L } = ctx;
  const da = cc?.DatiAnagrafici;
  const parts: CellPart[] = [{ text: pdfLine(partyName(da?.Anagrafica)), size: 10, style: 'bold' }];
  const line = (text: string | undefined, color = INK, size = 8.5): void => {
    if (text && text.trim()) parts.push({ text: pdfLine(text), size, color });
  };
  for (const l of addressLines(cc?.Sede)) line(l);
  line(fiscalIds(L, da?.IdFiscaleIVA, da?.CodiceFiscale));
  if (da?.Anagrafica?.CodEORI) line(`${L.eori} ${da.Anagrafica.CodEORI}`, MUTED, 8);
  const dt = ctx.fattura.FatturaElettronicaHeader?.DatiTrasmissione;
  line(
    joinNonEmpty([
      dt?.CodiceDestinatario && `${L.codiceDestinatario}: ${dt.CodiceDestinatario}`,
      dt?.PECDestinatario && `${L.pecDestinatario}: ${dt.PECDestinatario}`,
    ]),
    MUTED,
    8,
  );
  if (cc?.StabileOrganizzazione) line(`${L.stabileOrganizzazione}: ${addressInline(cc.StabileOrganizzazione)}`, MUTED, 8);
  const rf = cc?.RappresentanteFiscale;
  if (rf) {
    const name = rf.Denominazione?.trim() || joinNonEmpty([rf.Nome, rf.Cognome], ' ');
    line(`${L.rappresentanteFiscale}: ${joinNonEmpty([name, fiscalIds(L, rf.IdFiscaleIVA, undefined)])}`, MUTED, 8);
  }
  return parts;
}

function documentRows(ctx: RenderContext): Array<[string, string]> {
  const { L } = ctx;
  const dgen = ctx.body.DatiGenerali;
  const dg = dgen?.DatiGeneraliDocumento;
  const header = ctx.fattura.FatturaElettronicaHeader;
  const rows: Array<[string, string]> = [
    [L.documentType, codeWithDescription('TipoDocumentoType', dg?.TipoDocumento)],
    [L.number, dg?.Numero ?? ''],
    [L.date, formatDate(dg?.Data)],
    [L.currency, ctx.divisa],
  ];
  const formato = header?.DatiTrasmissione?.FormatoTrasmissione ?? ctx.fattura.versione;
  if (formato) rows.push([L.format, codeWithDescription('FormatoTrasmissioneType', formato)]);
  if (dg?.Art73 === 'SI') rows.push([L.art73, L.yes]);
  const fp = dgen?.FatturaPrincipale;
  if (fp) rows.push([L.fatturaPrincipale, L.numberAndDate(fp.NumeroFatturaPrincipale ?? '', formatDate(fp.DataFatturaPrincipale))]);
  const sal = (dgen?.DatiSAL ?? []).map((s) => s.RiferimentoFase).filter(Boolean);
  if (sal.length > 0) rows.push([L.sal, sal.join(', ')]);
  const emittente = header?.SoggettoEmittente;
  const terzo = header?.TerzoIntermediarioOSoggettoEmittente?.DatiAnagrafici;
  if (emittente || terzo) {
    const who = joinNonEmpty([
      describe('SoggettoEmittenteType', emittente),
      terzo && partyName(terzo.Anagrafica),
      terzo && fiscalIds(L, terzo.IdFiscaleIVA, terzo.CodiceFiscale),
    ]);
    rows.push([L.issuedBy('').trim(), who]);
  }
  const veicoli = ctx.body.DatiVeicoli;
  if (veicoli) rows.push(['', L.veicoli(formatDate(veicoli.Data), formatNumber(veicoli.TotalePercorso, 0, 2, ctx.locale))]);
  return rows;
}

const BOX_PAD = 8;
const BOX_LABEL = 6.8;

function drawPartyBoxes(ctx: RenderContext): void {
  const { canvas, flow, L } = ctx;
  const gap = 12;
  const boxWidth = (flow.width - gap) / 2;
  const inner = boxWidth - 2 * BOX_PAD;
  const labelHeight = BOX_LABEL * 1.2 + 5;

  const customer = layoutBlock(canvas, customerParts(ctx, ctx.fattura.FatturaElettronicaHeader?.CessionarioCommittente), inner);

  // Document data as label/value rows: labels in a fixed column, values wrapped beside them.
  const labelWidth = 82;
  const rows = documentRows(ctx).map(([label, value]) => {
    const valueLines = layoutBlock(canvas, [{ text: pdfLine(value), size: 8.5 }], label ? inner - labelWidth : inner);
    const labelLines: TextLine[] = label ? layoutBlock(canvas, [{ text: pdfLine(label), size: 7.5, color: MUTED }], labelWidth - 4) : [];
    return { labelLines, valueLines, full: !label, height: Math.max(blockHeight(valueLines), blockHeight(labelLines)) + 1.5 };
  });
  const docHeight = rows.reduce((a, r) => a + r.height, 0);

  const height = labelHeight + Math.max(blockHeight(customer), docHeight) + 2 * BOX_PAD - 2;
  const top = flow.y;
  const xRight = flow.left + boxWidth + gap;
  for (const [x, label] of [
    [flow.left, L.customer],
    [xRight, L.documentData],
  ] as const) {
    canvas.rect(x, top, boxWidth, height, { stroke: RULE, lineWidth: 0.7 });
    canvas.text(pdfLine(label.toUpperCase()), x + BOX_PAD, baseline(top + BOX_PAD - 2, BOX_LABEL), { size: BOX_LABEL, style: 'bold', color: ACCENT });
  }
  const contentTop = top + BOX_PAD - 2 + labelHeight;
  drawBlock(canvas, customer, flow.left + BOX_PAD, contentTop, inner);
  let y = contentTop;
  for (const r of rows) {
    if (r.full) {
      drawBlock(canvas, r.valueLines, xRight + BOX_PAD, y, inner);
    } else {
      // Align the smaller label with the value's first baseline.
      const shift = r.valueLines[0] && r.labelLines[0] ? (r.valueLines[0].height - r.labelLines[0].height) * 0.7 : 0;
      drawBlock(canvas, r.labelLines, xRight + BOX_PAD, y + shift, labelWidth);
      drawBlock(canvas, r.valueLines, xRight + BOX_PAD + labelWidth, y, inner - labelWidth);
    }
    y += r.height;
  }
  flow.y = top + height;
}

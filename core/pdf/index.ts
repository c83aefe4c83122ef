/** Courtesy-copy PDF of FatturaPA documents. */
export { renderFatturaPdf, renderFatturaPdfs, type RenderFatturaPdfOptions } from './fattura-pdf';
export { pdfText, pdfLine, type PdfText } from './winansi';
export { formatAmount, formatDate, formatMoney, formatNumber, formatPercent, formatQuantity, type PdfLocale } from './format';

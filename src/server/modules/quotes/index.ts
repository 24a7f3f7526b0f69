/**
 * Public entry of the quotes module: the scoped finder of quotes (requireVisibleQuote) and the
 * font quote PDFs are drawn with (also used to check PDF scanning). Other modules import only this
 * file; everything else in the folder is private.
 */
export { quoteFont } from './quotes.font.ts';
export { requireVisibleQuote } from './quotes.service.ts';

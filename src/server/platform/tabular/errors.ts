import { AppError, type MessageParams } from '../errors.ts';

/**
 * Why a spreadsheet could not be read. Each one is a message key `tabular.<problem>` in the
 * catalogue (http/messages.ts), so the import wizard can show it as it is.
 */
export type TabularProblem =
  /** Neither xlsx nor CSV text: an executable, a PDF, an image, an .ods or .docx, HTML… */
  | 'unsupportedType'
  /** The old binary Excel format (or a password-protected workbook, which uses the same container). */
  | 'xlsNotSupported'
  | 'fileTooLarge'
  | 'tooManyRows'
  /** Not valid UTF-8 nor GB18030 text, or UTF-8 that turns invalid part-way. */
  | 'badEncoding'
  /** A quoted CSV field that never closes, or a field too long to be a cell. */
  | 'malformedCsv'
  /** A zip that claims to be xlsx but cannot be read as one. */
  | 'unreadableXlsx'
  /** No non-empty row to take the column names from. */
  | 'noHeader';

/** A file the tabular layer refuses, with a reason a user can act on. Answers 400 at the HTTP edge. */
export class TabularError extends AppError {
  readonly problem: TabularProblem;

  constructor(problem: TabularProblem, params: MessageParams = {}, options?: { cause?: unknown }) {
    super('VALIDATION_FAILED', { key: `tabular.${problem}`, params });
    this.problem = problem;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The file is over the size limit; the message shows the limit in MB. */
export function fileTooLarge(maxBytes: number): TabularError {
  return new TabularError('fileTooLarge', { maxBytes, maxMegabytes: Math.round((maxBytes / 1024 / 1024) * 10) / 10 });
}

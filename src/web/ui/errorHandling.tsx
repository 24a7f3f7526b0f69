import { createContext, useContext, type ReactNode } from 'react';
import type { FormInstance } from 'antd';
import type { QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors, type FieldIssue, type FieldMap } from './fieldErrors.ts';

/**
 * How the generic pieces show an error. `ui` knows no API client, so the app, which owns the
 * error type and its sentences, provides this; `ui` only asks.
 */
export type DescribedError = {
  /** The HTTP status, 0 when there was none (network) or the error is not an API error. */
  status: number;
  /** One sentence in the UI language. */
  message: string;
};

export type SubmitErrorOptions = {
  /** Per-field details (400, 409 duplicate, 422) go onto this form's fields. */
  form: FormInstance;
  fieldMap?: FieldMap;
  /** Refetch these after a version conflict, so the user sees the current data. */
  conflictKeys?: QueryKey[];
  onConflict?: () => void;
};

export type ErrorHandling = {
  describe: (error: unknown) => DescribedError;
  /** A failed save: field errors on the form, a conflict dialog or a message. */
  handleSubmitError: (error: unknown, options: SubmitErrorOptions) => void;
};

const ErrorHandlingContext = createContext<ErrorHandling | null>(null);

export function ErrorHandlingProvider({ value, children }: { value: ErrorHandling; children: ReactNode }) {
  return <ErrorHandlingContext.Provider value={value}>{children}</ErrorHandlingContext.Provider>;
}

function detailsOf(error: unknown): FieldIssue[] {
  const details = typeof error === 'object' && error !== null && 'details' in error ? error.details : undefined;
  if (!Array.isArray(details)) return [];
  return details.filter((d: unknown): d is FieldIssue => typeof d === 'object' && d !== null && 'path' in d && typeof d.path === 'string' && 'message' in d && typeof d.message === 'string');
}

/** The app's error handling; without a provider (a piece shown on its own) a plain fallback. */
export function useErrorHandling(): ErrorHandling {
  const { t } = useTranslation();
  const provided = useContext(ErrorHandlingContext);
  if (provided) return provided;
  return {
    describe: () => ({ status: 0, message: t('errors.unexpected') }),
    handleSubmitError: (error, { form, fieldMap }) => {
      const details = detailsOf(error);
      const rest = applyFieldErrors(form, details, fieldMap);
      if (details.length === 0 || rest.length > 0) console.error(error);
    },
  };
}

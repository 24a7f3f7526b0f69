import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorHandlingProvider, type ErrorHandling } from '../ui/errorHandling.tsx';
import { describeError, useApiErrorHandler } from './errors.ts';
import { ApiError } from './http.ts';

/** Gives the generic pieces in `ui` (error states, form drawers) the app's way of showing an API error. */
export function AppErrorHandling({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const handleError = useApiErrorHandler();
  const value = useMemo<ErrorHandling>(
    () => ({
      describe: (error) => ({ status: error instanceof ApiError ? error.status : 0, message: describeError(error, t) }),
      handleSubmitError: (error, options) => handleError(error, options),
    }),
    [t, handleError],
  );
  return <ErrorHandlingProvider value={value}>{children}</ErrorHandlingProvider>;
}

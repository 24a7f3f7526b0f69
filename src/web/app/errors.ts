import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, NETWORK_ERROR } from './http.ts';
import { applyFieldErrors, type FieldMap } from '../ui/fieldErrors.ts';
import { withTestId } from '../ui/testId.ts';

/** A human sentence for any error: the server's localised message, or ours by status. */
export function describeError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.code === NETWORK_ERROR) return t('errors.network');
    if (err.message) return err.message;
    switch (err.status) {
      case 401:
        return t('errors.unauthorized');
      case 403:
        return t('errors.forbidden');
      case 404:
        return t('errors.notFound');
      case 409:
        return t('errors.conflict');
      default:
        return err.status >= 500 ? t('errors.server') : t('errors.unexpected');
    }
  }
  return t('errors.unexpected');
}

export type HandleErrorOptions = {
  /** Put per-field details (400, 409 duplicate, 422) on this form's fields. */
  form?: FormInstance;
  fieldMap?: FieldMap;
  /** Refetch these after a version conflict so the user sees the current data. */
  conflictKeys?: QueryKey[];
  onConflict?: () => void;
};

/** One place that turns an API error into what the user sees: field errors, a dialog or a toast. */
export function useApiErrorHandler() {
  const { message, modal } = App.useApp();
  const { t } = useTranslation();
  const client = useQueryClient();

  return useCallback(
    (err: unknown, options: HandleErrorOptions = {}) => {
      if (!(err instanceof ApiError)) {
        console.error(err);
        void message.error(t('errors.unexpected'));
        return;
      }
      // 400 invalid input, 409 DUPLICATE and 422 rules can all name the fields at fault.
      if (options.form && err.details.length > 0 && err.code !== 'VERSION_CONFLICT') {
        const rest = applyFieldErrors(options.form, err.details, options.fieldMap);
        if (rest.length === 0) return;
        void message.error(rest.map((d) => d.message).join('; '));
        return;
      }
      if (err.status === 409 && err.code === 'VERSION_CONFLICT') {
        for (const key of options.conflictKeys ?? []) void client.invalidateQueries({ queryKey: key });
        modal.warning({
          title: t('errors.conflictTitle'),
          content: t('errors.conflictBody'),
          okText: t('common.reload'),
          okButtonProps: withTestId({}, 'conflict-ok'),
          onOk: options.onConflict,
        });
        return;
      }
      if (err.status === 401) {
        // The session layer already sends the user to the sign-in page.
        void message.warning(t('errors.sessionExpired'));
        return;
      }
      if (err.code === 'PASSWORD_CHANGE_REQUIRED') return;
      void message.error(describeError(err, t));
    },
    [client, message, modal, t],
  );
}

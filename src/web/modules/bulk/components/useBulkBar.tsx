import { useState, type ReactNode } from 'react';
import { App } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { BulkResult } from '../../../../contracts/bulk.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { downloadExport } from '../../imports/imports.api.ts';
import { exportQueryOf, selectionOf } from '../selection.ts';
import { BulkOutcome } from './BulkOutcome.tsx';

export type BulkSelection = ReturnType<typeof selectionOf>;

type Options<A extends string> = {
  rows: { id: string }[];
  /** "All N matching" chosen: how many; null for the selected rows. */
  matching: number | null;
  /** The list's filter and sort (state.filter). */
  filter: object;
  /** Empties the list's selection: once the outcome is closed. */
  clear: () => void;
  /** Sends the action the dialog was opened for, on the selection. */
  send: (action: A, selection: BulkSelection) => Promise<BulkResult>;
  /** The list's export endpoint, for "export selected". */
  exportPath: Parameters<typeof downloadExport>[0];
  /** Refetches what the action changed (the outcome calls it, also while a job runs). */
  onChanged: () => void;
};

/**
 * What a list's bulk bar shares whatever its actions: one dialog open at a time, the run with its
 * outcome (a summary, or a job's progress), and the export of the same records. The selection
 * stays until the outcome is closed: the bar (and the outcome in it) lives only while rows are selected.
 */
export function useBulkBar<A extends string>({ rows, matching, filter, clear, send, exportPath, onChanged }: Options<A>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const handleError = useApiErrorHandler();
  const [open, setOpen] = useState<A | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [exporting, setExporting] = useState(false);

  const run = useMutation({
    mutationFn: (action: A) => send(action, selectionOf(rows, matching, filter)),
    onSuccess: (r) => {
      setOpen(null);
      setResult(r);
    },
    onError: (err) => handleError(err),
  });

  const exportSelected = async () => {
    setExporting(true);
    try {
      await downloadExport(exportPath, 'xlsx', exportQueryOf(rows, matching, filter));
    } catch (err) {
      void message.error(err instanceof Error && err.message ? err.message : t('exports.failed'));
    } finally {
      setExporting(false);
    }
  };

  const outcome: ReactNode = (
    <BulkOutcome
      result={result}
      onClose={() => {
        setResult(null);
        clear();
      }}
      onChanged={onChanged}
    />
  );

  return {
    /** How many records the action works on. */
    count: matching ?? rows.length,
    openDialog: setOpen,
    /** The props of the BulkDialog of `action`. */
    dialog: (action: A) => ({ open: open === action, busy: run.isPending, onCancel: () => setOpen(null), onOk: () => run.mutate(action) }),
    exporting,
    exportSelected: () => void exportSelected(),
    outcome,
  };
}

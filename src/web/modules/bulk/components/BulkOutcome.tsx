import { Button, List, Modal, Progress, Result, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkResult } from '../../../../contracts/bulk.ts';
import { bulkKeys, getBulkJob } from '../bulk.api.ts';

const finished = (r: BulkResult | undefined) => !r || r.status === 'done' || r.status === 'succeeded' || r.status === 'failed';

type Props = {
  /** What the request answered: the counts, or a queued job to follow. */
  result: BulkResult | null;
  onClose: () => void;
  /** Called once the records have changed (at once, or when the job has finished): refresh the lists. */
  onChanged: () => void;
};

/**
 * The outcome of a bulk action: done and skipped with the reasons; for a job, its progress
 * (polled, as the import page follows its job) until it has finished.
 */
export function BulkOutcome({ result, onClose, onChanged }: Props) {
  const { t } = useTranslation();
  const jobId = result?.id ?? null;
  const job = useQuery({
    queryKey: bulkKeys.job(jobId ?? ''),
    queryFn: ({ signal }) => getBulkJob(jobId ?? '', signal),
    enabled: jobId !== null,
    initialData: result ?? undefined,
    refetchInterval: (query) => (finished(query.state.data) ? false : 1000),
  });
  const shown = jobId ? job.data : result;
  const over = shown ? finished(shown) : false;
  // Once per outcome, when it has finished.
  const reported = useRef<BulkResult | null>(null);
  useEffect(() => {
    if (!over || !result || reported.current === result) return;
    reported.current = result;
    onChanged();
  }, [over, result, onChanged]);

  if (!result || !shown) return null;
  const running = !over;
  const percent = shown.total ? Math.floor((shown.processed / shown.total) * 100) : 0;
  return (
    <Modal
      open
      title={t('bulk.outcomeTitle')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="bulk-outcome-close">
          {running ? t('bulk.runInBackground') : t('common.done')}
        </Button>
      }
    >
      <div data-testid="bulk-outcome">
        {running ? (
          <>
            <Typography.Paragraph>{shown.status === 'queued' ? t('bulk.queued') : t('bulk.running')}</Typography.Paragraph>
            <Progress percent={percent} status="active" data-testid="bulk-progress" />
            <Typography.Paragraph type="secondary">{t('bulk.progress', { processed: shown.processed, total: shown.total })}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('bulk.notifyWhenDone')}</Typography.Paragraph>
          </>
        ) : (
          <Result
            status={shown.status === 'failed' ? 'error' : shown.skipped > 0 ? 'warning' : 'success'}
            title={shown.status === 'failed' ? t('bulk.failed') : t('bulk.finished')}
            subTitle={
              <span data-testid="bulk-outcome-counts">
                {t('bulk.counts', { done: shown.done, skipped: shown.skipped, total: shown.total })}
                {shown.failure ? ` ${shown.failure}` : ''}
              </span>
            }
          />
        )}
        {shown.reasons.length > 0 ? (
          <List
            size="small"
            header={t('bulk.skippedReasons')}
            dataSource={shown.reasons}
            data-testid="bulk-outcome-reasons"
            renderItem={(r) => (
              <List.Item extra={t('bulk.records', { count: r.count })}>
                <span>{r.message}</span>
              </List.Item>
            )}
          />
        ) : null}
      </div>
    </Modal>
  );
}

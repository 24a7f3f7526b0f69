import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Breadcrumb } from 'antd';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApiErrorHandler } from '../../app/errors.ts';
import { withTestId } from '../../ui/testId.ts';

/** What starting a send answers, for the result dialog. */
interface StartAnswer {
  audience: number;
  recipients: number;
  suppressed: number;
  noAddress: number;
}

export interface SendLifecycle<T, S extends StartAnswer> {
  /** The texts' section: mailings (邮件群发) or sms (短信群发). */
  texts: 'mailings' | 'sms';
  keys: { detail: QueryKey; all: QueryKey };
  start: (version: number) => Promise<S>;
  /** The send as the start answered it. */
  startedItem: (answer: S) => T;
  step: (action: 'pause' | 'resume' | 'cancel', version: number) => Promise<T>;
  remove: () => Promise<unknown>;
  statusLabel: (item: T) => string;
  /** Where to go once deleted: the campaign's page. */
  campaignId: string | null;
}

/**
 * Starting, stepping (pause, resume, cancel) and deleting an e-mail or SMS send, the same way on
 * both pages: the start's audience in a dialog, the new status in a message, conflicts reloaded.
 */
export function useSendLifecycle<T, S extends StartAnswer>(l: SendLifecycle<T, S>) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const conflict = { conflictKeys: [l.keys.detail] };
  const send = useMutation({
    mutationFn: l.start,
    onSuccess: (res) => {
      client.setQueryData(l.keys.detail, l.startedItem(res));
      void client.invalidateQueries({ queryKey: l.keys.all });
      modal.success({
        title: t(`${l.texts}.sendStarted`),
        content: (
          <div data-testid={l.texts === 'mailings' ? 'mailing-send-result' : 'sms-send-result'}>
            <p>{t(`${l.texts}.sendResult`, { audience: res.audience, recipients: res.recipients })}</p>
            {res.suppressed > 0 ? <p>{t(`${l.texts}.sendSuppressed`, { count: res.suppressed })}</p> : null}
            {res.noAddress > 0 ? <p>{t(`${l.texts}.sendNoAddress`, { count: res.noAddress })}</p> : null}
          </div>
        ),
        okText: t('common.done'),
        okButtonProps: withTestId({}, 'send-result-ok'),
      });
    },
    onError: (err) => handleError(err, conflict),
  });
  const step = useMutation({
    mutationFn: ({ action, version }: { action: 'pause' | 'resume' | 'cancel'; version: number }) => l.step(action, version),
    onSuccess: (updated) => {
      client.setQueryData(l.keys.detail, updated);
      void client.invalidateQueries({ queryKey: l.keys.all });
      void message.success(t(`${l.texts}.statusChanged`, { status: l.statusLabel(updated) }));
    },
    onError: (err) => handleError(err, conflict),
  });
  const remove = useMutation({
    mutationFn: l.remove,
    onSuccess: () => {
      void message.success(t(`${l.texts}.deleted`));
      void client.invalidateQueries({ queryKey: l.keys.all });
      void navigate(l.campaignId ? `/campaigns/${l.campaignId}` : '/campaigns', { replace: true });
    },
    onError: (err) => handleError(err),
  });
  return { send, step, remove };
}

/** 营销活动 › the campaign › the send. */
export function SendBreadcrumb({ campaign, name }: { campaign: { id: string; name: string } | null; name: string | null }): ReactNode {
  const { t } = useTranslation();
  return (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={[{ title: <Link to="/campaigns">{t('campaigns.title')}</Link> }, ...(campaign ? [{ title: <Link to={`/campaigns/${campaign.id}`}>{campaign.name}</Link> }] : []), { title: name ?? '…' }]}
    />
  );
}

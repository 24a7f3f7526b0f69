import { useState } from 'react';
import { Button, Descriptions, Modal, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { FollowUp } from '../../../../contracts/followups.ts';
import { useCan, useCurrentUser } from '../../../app/session.tsx';
import { AttachmentPanel } from '../../attachments/components/AttachmentPanel.tsx';
import { DateTime } from '../../../ui/DateTime.tsx';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { followUpsKeys, getFollowUp } from '../followups.api.ts';
import { useFollowUpMethods } from '../hooks.ts';
import { FollowUpFormDrawer, type FollowUpFormTarget } from './FollowUpFormDrawer.tsx';

/** Whether the UI offers editing a follow-up (the server has the last word: 403 otherwise). */
export function useMayChangeFollowUp(): (f: FollowUp, action: 'update' | 'delete') => boolean {
  const me = useCurrentUser();
  const can = useCan();
  return (f, action) => can(`follow_up:${action}`) && (f.ownerId === me.id || me.role.dataScope !== 'own');
}

function Text({ value }: { value: string | null | undefined }) {
  return value ? <span className="kehu-pre-line">{value}</span> : <span className="kehu-muted">—</span>;
}

/** One follow-up, read-only, with an edit button for whoever may change it. */
export function FollowUpViewModal({ id, onClose, onEdit }: { id: string | null; onClose: () => void; onEdit: (f: FollowUp) => void }) {
  const { t } = useTranslation();
  const methods = useFollowUpMethods(!!id);
  const mayChange = useMayChangeFollowUp();
  const query = useQuery({ queryKey: followUpsKeys.detail(id ?? ''), queryFn: ({ signal }) => getFollowUp(id ?? '', signal), enabled: !!id });
  const f = query.data;
  const items: DescriptionsProps['items'] = f
    ? [
        { key: 'method', label: t('followUps.fields.method'), children: methods.nameOf(f.method) },
        { key: 'happenedAt', label: t('followUps.fields.happenedAt'), children: <DateTime value={f.happenedAt} /> },
        { key: 'subject', label: t('followUps.fields.subject'), children: f.customerName ?? f.leadNumber ?? '—' },
        { key: 'contact', label: t('followUps.fields.contact'), children: <Text value={f.contactName} /> },
        { key: 'owner', label: t('followUps.fields.owner'), children: <Text value={f.ownerName} /> },
        { key: 'content', label: t('followUps.fields.content'), span: 'filled', children: <Text value={f.content} /> },
        { key: 'feedback', label: t('followUps.fields.feedback'), span: 'filled', children: <Text value={f.feedback} /> },
        { key: 'agreements', label: t('followUps.fields.agreements'), span: 'filled', children: <Text value={f.agreements} /> },
        { key: 'openQuestions', label: t('followUps.fields.openQuestions'), span: 'filled', children: <Text value={f.openQuestions} /> },
        { key: 'nextAction', label: t('followUps.fields.nextAction'), children: <Text value={f.nextAction} /> },
        { key: 'nextFollowUpAt', label: t('followUps.fields.nextFollowUpAt'), children: <DateTime value={f.nextFollowUpAt} /> },
      ]
    : [];
  return (
    <Modal
      open={!!id}
      onCancel={onClose}
      title={t('followUps.viewTitle')}
      width={720}
      destroyOnHidden
      data-testid="follow-up-view"
      footer={
        f && mayChange(f, 'update') ? (
          <Button icon={<EditOutlined />} onClick={() => onEdit(f)} data-testid="follow-up-view-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
    >
      {query.isPending ? (
        <LoadingState height={200} />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          <Descriptions size="small" column={2} items={items} data-testid="follow-up-view-details" />
          {f ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 16 }}>
                {t('followUps.attachmentsTitle')}
              </Typography.Title>
              <AttachmentPanel ownerType="follow_up" ownerId={f.id} canUpload={mayChange(f, 'update')} />
            </>
          ) : null}
        </>
      )}
    </Modal>
  );
}

export type LogFollowUp = Omit<Extract<FollowUpFormTarget, { mode: 'create' }>, 'mode'>;

/** The follow-up drawer and viewer of a page, and the ways to open them. */
export function useFollowUpDialogs() {
  const mayChange = useMayChangeFollowUp();
  const [target, setTarget] = useState<FollowUpFormTarget | null>(null);
  const [viewId, setViewId] = useState<string | null>(null);
  const elements = (
    <>
      <FollowUpFormDrawer
        target={target}
        onClose={() => setTarget(null)}
        onAttach={(f) => setTarget({ mode: 'edit', followUp: f })}
        mayUpload={(f) => mayChange(f, 'update')}
      />
      <FollowUpViewModal
        id={viewId}
        onClose={() => setViewId(null)}
        onEdit={(f) => {
          setViewId(null);
          setTarget({ mode: 'edit', followUp: f });
        }}
      />
    </>
  );
  return {
    log: (what: LogFollowUp) => setTarget({ mode: 'create', ...what }),
    edit: (f: FollowUp) => setTarget({ mode: 'edit', followUp: f }),
    view: (id: string) => setViewId(id),
    elements,
  };
}
export type FollowUpDialogs = ReturnType<typeof useFollowUpDialogs>;

import { useDeferredValue, useMemo, useState } from 'react';
import { App, Modal, Select, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Lead, LeadAssignee } from '../../../../contracts/leads.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { withTestId } from '../../../ui/testId.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { assignLead, leadsKeys, listAssignees } from '../leads.api.ts';

type Group = { label: string; options: { value: string; label: React.ReactNode; title: string }[] };

/**
 * The people the caller may hand a lead to, by team: their own scope first, then the lead
 * managers of other teams (marked: they pass the lead on in their team). From GET
 * /leads/assignees, so assigning needs lead:assign and nothing else.
 */
function AssigneeSelect({ value, onChange, exclude }: { value: string | null; onChange: (id: string | null) => void; exclude: string | null }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const list = useQuery({ queryKey: leadsKeys.assignees(q), queryFn: ({ signal }) => listAssignees(q, signal) });

  const groups = useMemo(() => {
    const byTeam = new Map<string, Group>();
    const handover: Group = { label: t('leads.assignees.handover'), options: [] };
    const option = (u: LeadAssignee) => ({
      value: u.id,
      title: `${u.displayName} (${u.username})`,
      label: (
        <span data-testid={`lead-assignee-${u.username}`}>
          {u.displayName} <Typography.Text type="secondary">({u.username})</Typography.Text>
          {u.handover ? (
            <Tag color="blue" style={{ marginInlineStart: 8 }}>
              {u.departmentName ?? t('leads.assignees.noDepartment')}
            </Tag>
          ) : null}
        </span>
      ),
    });
    for (const u of list.data?.items ?? []) {
      if (u.id === exclude) continue;
      if (u.handover) {
        handover.options.push(option(u));
        continue;
      }
      const team = u.departmentName ?? t('leads.assignees.noDepartment');
      const group = byTeam.get(team) ?? { label: team, options: [] };
      group.options.push(option(u));
      byTeam.set(team, group);
    }
    return [...byTeam.values(), ...(handover.options.length ? [handover] : [])];
  }, [list.data, exclude, t]);

  return (
    <Select
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange(v ?? null)}
      placeholder={t('leads.assignees.placeholder')}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('');
      }}
      loading={list.isFetching}
      status={list.isError ? 'error' : undefined}
      notFoundContent={list.isError ? t('errors.loadFailed') : t('users.noMatch')}
      options={groups}
      style={{ width: '100%' }}
      data-testid="lead-assign-owner"
    />
  );
}

/**
 * Hand the lead to someone in one's scope, or to the lead manager of another team. `onAssigned`
 * hears of the result; a lead handed beyond the caller's reach (access.read false) is dropped
 * from the cache, since reading it again would 404.
 */
export function AssignLeadModal({ lead, open, onClose, onAssigned }: { lead: Lead; open: boolean; onClose: () => void; onAssigned?: (lead: Lead) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [ownerId, setOwnerId] = useState<string | null>(null);

  const mutation = useMutation({
    mutationFn: (to: string) => assignLead(lead.id, { ownerId: to, version: lead.version }),
    onSuccess: (updated) => {
      if (updated.access.read) client.setQueryData(leadsKeys.detail(lead.id), updated);
      else client.removeQueries({ queryKey: leadsKeys.detail(lead.id) });
      void client.invalidateQueries({ queryKey: leadsKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void message.success(updated.access.read ? t('leads.assignedTo', { name: updated.ownerName ?? '' }) : t('leads.handedOver', { name: updated.ownerName ?? '' }));
      onClose();
      onAssigned?.(updated);
    },
    onError: (err) => handleError(err, { conflictKeys: [leadsKeys.all], onConflict: onClose }),
  });

  return (
    <Modal
      open={open}
      title={lead.ownerId ? t('leads.reassignTitle') : t('leads.assignTitle')}
      onCancel={onClose}
      // Cleared once closed, not on opening: the opening animation could wipe a quick first pick.
      afterClose={() => setOwnerId(null)}
      onOk={() => ownerId && mutation.mutate(ownerId)}
      okText={t('leads.assign')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ disabled: !ownerId || ownerId === lead.ownerId, loading: mutation.isPending }, 'lead-assign-submit')}
      destroyOnHidden
      data-testid="lead-assign-dialog"
    >
      <Typography.Paragraph>
        <span className="kehu-secret">{lead.number}</span> {lead.companyName ?? lead.contactName}
      </Typography.Paragraph>
      {lead.ownerName ? (
        <Typography.Paragraph type="secondary">{t('leads.currentOwner', { name: lead.ownerName })}</Typography.Paragraph>
      ) : null}
      <AssigneeSelect value={ownerId} onChange={setOwnerId} exclude={lead.ownerId} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {t('leads.assignees.hint')}
      </Typography.Paragraph>
    </Modal>
  );
}

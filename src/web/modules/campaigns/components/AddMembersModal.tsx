import { useState } from 'react';
import { Alert, App, Button, Form, Modal, Select, Typography } from 'antd';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MEMBER_STATUS_LABELS, MEMBER_STATUSES, type AddMembersResult, type MemberStatus } from '../../../../contracts/campaigns.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { useDebounced } from '../../../ui/useDebounced.ts';
import { CustomerSearchSelect } from '../../customers/components/CustomerSearchSelect.tsx';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { useLabel } from '../../customers/hooks.ts';
import { leadsKeys, listLeads } from '../../leads/leads.api.ts';
import { addMembers, campaignsKeys } from '../campaigns.api.ts';
import { addResultParts } from '../campaignForm.ts';

/** A picked option with its label, kept while the options change under another search or customer. */
type Picked = { value: string; label: React.ReactNode };

/** Leads found by number, company, contact or phone as you type (the lead list's search). */
function LeadPicker({ value, onChange }: { value: Picked[]; onChange: (v: Picked[]) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 300);
  const query = { q: q || undefined, limit: 20 };
  const list = useQuery({ queryKey: leadsKeys.list(query), queryFn: ({ signal }) => listLeads(query, signal), placeholderData: keepPreviousData });
  return (
    <Select<Picked[]>
      mode="multiple"
      labelInValue
      value={value}
      onChange={(v) => onChange(v)}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={list.isFetching}
      notFoundContent={list.isError ? t('errors.loadFailed') : t('campaigns.members.noLeadMatch')}
      placeholder={t('campaigns.members.searchLeads')}
      options={(list.data?.items ?? []).map((l) => ({ value: l.id, label: [l.number, l.companyName, l.contactName].filter(Boolean).join(' · ') }))}
      style={{ width: '100%' }}
      data-testid="campaign-add-members-leads"
    />
  );
}

/** 添加成员: leads searched by name, and contacts of a customer found by name; says what came of it. */
export function AddMembersModal({ campaignId, open, onClose }: { campaignId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const label = useLabel();
  const can = useCan();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [leads, setLeads] = useState<Picked[]>([]);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [contacts, setContacts] = useState<Picked[]>([]);
  const [status, setStatus] = useState<MemberStatus>('added');
  const [result, setResult] = useState<AddMembersResult | null>(null);
  const mayLeads = can('lead:read');
  const mayContacts = can('contact:read') && can('customer:read');

  const customerContacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: open && !!customerId && mayContacts,
  });

  const reset = () => {
    setLeads([]);
    setCustomerId(null);
    setContacts([]);
    setStatus('added');
    setResult(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const add = useMutation({
    mutationFn: () => addMembers(campaignId, { leadIds: leads.map((l) => l.value), contactIds: contacts.map((c) => c.value), status }),
    onSuccess: (r) => {
      setResult(r);
      setLeads([]);
      setContacts([]);
      void client.invalidateQueries({ queryKey: campaignsKeys.members(campaignId) });
      void client.invalidateQueries({ queryKey: campaignsKeys.report(campaignId) });
      if (r.added > 0) void message.success(t('campaigns.members.addedMessage', { count: r.added }));
    },
    onError: (err) => handleError(err),
  });

  const picked = leads.length + contacts.length;
  const resultText = result
    ? addResultParts(result)
        .map((p) => t(`campaigns.members.result.${p.key}`, { count: p.count }))
        .join(t('campaigns.members.result.separator'))
    : '';

  return (
    <Modal
      open={open}
      title={t('campaigns.members.addTitle')}
      onCancel={close}
      width={620}
      destroyOnHidden
      data-testid="campaign-add-members-modal"
      footer={[
        <Button key="close" onClick={close} data-testid="campaign-add-members-close">
          {result ? t('common.done') : t('common.cancel')}
        </Button>,
        <Button key="add" type="primary" disabled={picked === 0} loading={add.isPending} onClick={() => add.mutate()} data-testid="campaign-add-members-submit">
          {picked > 0 ? t('campaigns.members.addCount', { count: picked }) : t('campaigns.members.add')}
        </Button>,
      ]}
    >
      {result ? (
        <Alert
          type={result.added > 0 ? 'success' : 'info'}
          showIcon
          style={{ marginBottom: 16 }}
          title={<span data-testid="campaign-add-members-result">{resultText}</span>}
        />
      ) : null}
      <Form layout="vertical">
        {mayLeads ? (
          <Form.Item label={t('campaigns.members.kinds.lead')}>
            <LeadPicker value={leads} onChange={setLeads} />
          </Form.Item>
        ) : null}
        {mayContacts ? (
          <>
            <Form.Item label={t('campaigns.members.customer')} extra={t('campaigns.members.customerHint')}>
              <CustomerSearchSelect value={customerId} onChange={setCustomerId} placeholder={t('campaigns.members.searchCustomer')} data-testid="campaign-add-members-customer" />
            </Form.Item>
            <Form.Item label={t('campaigns.members.kinds.contact')}>
              <Select<Picked[]>
                mode="multiple"
                labelInValue
                value={contacts}
                onChange={(v) => setContacts(v)}
                disabled={!customerId && contacts.length === 0}
                loading={customerContacts.isFetching}
                placeholder={customerId ? t('campaigns.members.pickContacts') : t('campaigns.members.pickCustomerFirst')}
                notFoundContent={t('campaigns.members.noContacts')}
                options={(customerContacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.title ? `${c.name} · ${c.title}` : c.name }))}
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: '100%' }}
                data-testid="campaign-add-members-contacts"
              />
            </Form.Item>
          </>
        ) : null}
        {!mayLeads && !mayContacts ? <Typography.Paragraph type="secondary">{t('campaigns.members.nothingToAdd')}</Typography.Paragraph> : null}
        <Form.Item label={t('campaigns.members.initialStatus')} extra={t('campaigns.members.initialStatusHint')}>
          <Select<MemberStatus>
            value={status}
            onChange={setStatus}
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: label(MEMBER_STATUS_LABELS[s]) }))}
            style={{ width: 200 }}
            data-testid="campaign-add-members-status"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useEffect, useState } from 'react';
import { Alert, App, Col, Flex, Form, Input, Modal, Radio, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { duplicateCandidate, type DuplicateCandidate } from '../../../../contracts/customers.ts';
import { CUSTOMER_KIND_LABELS, CUSTOMER_KINDS, LEAD_STATUS_LABELS, LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, type CustomerKind, type LifecycleStage } from '../../../../contracts/vocabulary.ts';
import { convertLeadBody, type Lead } from '../../../../contracts/leads.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { isApiError } from '../../../app/http.ts';
import { zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { DuplicateList } from '../../customers/components/DuplicateList.tsx';
import { checkDuplicates, customersKeys, type DuplicateCheckBody } from '../../customers/customers.api.ts';
import { useIndustries, useLabel } from '../../customers/hooks.ts';
import { convertLead, leadsKeys, type ConvertLeadBody, type ConvertLeadResponse } from '../leads.api.ts';

type NewCustomer = { name: string; kind: CustomerKind; industryCode?: string | null; stage: LifecycleStage };
const NEW = 'new';
const customerSchema = convertLeadBody.shape.customer.unwrap().shape;

type Props = { lead: Lead; open: boolean; onClose: () => void; onConverted?: (result: ConvertLeadResponse) => void };

/** What the duplicate check is asked about: the lead's company (or person), phone and e-mail. */
export function duplicateQuery(lead: Lead): DuplicateCheckBody {
  return {
    name: lead.companyName ?? lead.contactName,
    ...(lead.phone ? { phone: lead.phone.e164 } : {}),
    ...(lead.email ? { email: lead.email } : {}),
  };
}

/**
 * Converts an open lead (the server takes the steps before conversion). The duplicate check runs first, so the user can join a customer that
 * already exists instead of creating a second record; creating anyway over a strong duplicate
 * (the server's 409) needs a reason, as on the customer form.
 */
export function ConvertLeadModal({ lead, open, onClose, onConverted }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const industries = useIndustries();
  const { message } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<NewCustomer>();
  const [target, setTarget] = useState<string>(NEW);
  const [forcing, setForcing] = useState<DuplicateCandidate[] | null>(null);
  const [forceReason, setForceReason] = useState('');

  const checkBody = duplicateQuery(lead);
  const duplicates = useQuery({
    queryKey: customersKeys.duplicates(checkBody),
    queryFn: ({ signal }) => checkDuplicates(checkBody, signal),
    enabled: open,
  });
  const found = duplicates.data?.items ?? [];
  const joinable = found.filter((c): c is DuplicateCandidate & { id: string } => c.id !== null);

  useEffect(() => {
    if (!open) return;
    setForcing(null);
    setForceReason('');
    form.setFieldsValue({ name: lead.companyName ?? lead.contactName, kind: lead.companyName ? 'company' : 'individual', industryCode: lead.industryCode, stage: 'intent' });
  }, [open, lead, form]);

  // A strong match the user can see is most likely the same customer: offer it first.
  const strongId = joinable.find((c) => c.strong)?.id;
  useEffect(() => {
    if (open) setTarget(strongId ?? NEW);
  }, [open, strongId]);

  const mutation = useMutation({
    mutationFn: (body: ConvertLeadBody) => convertLead(lead.id, body),
    onSuccess: (result) => {
      client.setQueryData(leadsKeys.detail(lead.id), result.lead);
      void client.invalidateQueries({ queryKey: leadsKeys.all });
      void client.invalidateQueries({ queryKey: customersKeys.all });
      void client.invalidateQueries({ queryKey: auditKeys.all });
      void message.success(result.createdCustomer ? t('leads.convert.doneNew') : t('leads.convert.doneJoined'));
      onConverted?.(result);
      onClose();
    },
    onError: (err) => {
      if (isApiError(err, 'DUPLICATE')) {
        const candidates = err.candidates.flatMap((c) => {
          const parsed = duplicateCandidate.safeParse(c);
          return parsed.success ? [parsed.data] : [];
        });
        // The same credit code is one legal entity: no reason makes a second record right.
        if (candidates.length > 0 && !candidates.some((c) => c.reasons.includes('credit_code'))) {
          setForcing(candidates);
          return;
        }
      }
      handleError(err, { form, conflictKeys: [leadsKeys.all], onConflict: onClose });
    },
  });

  const submit = async () => {
    if (target !== NEW) {
      mutation.mutate({ version: lead.version, customerId: target });
      return;
    }
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const customer = { name: values.name.trim(), kind: values.kind, industryCode: values.industryCode ?? null, stage: values.stage };
    mutation.mutate(
      forcing ? { version: lead.version, customer, force: true, forceReason: forceReason.trim() } : { version: lead.version, customer },
    );
  };

  const okDisabled = duplicates.isPending || (forcing !== null && target === NEW && forceReason.trim().length < 2);
  return (
    <Modal
      open={open}
      title={t('leads.convert.title', { number: lead.number })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={forcing && target === NEW ? t('customers.duplicates.createAnyway') : t('leads.convert.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={withTestId({ disabled: okDisabled, loading: mutation.isPending, danger: !!forcing && target === NEW }, 'lead-convert-submit')}
      width={640}
      destroyOnHidden
      data-testid="lead-convert-dialog"
    >
      <Typography.Paragraph type="secondary">{t('leads.convert.hint', { contact: lead.contactName })}</Typography.Paragraph>
      {lead.status !== 'qualified' || !lead.ownerId ? (
        // The steps before conversion are part of it: say so rather than send the user through them.
        <Typography.Paragraph type="secondary" data-testid="lead-convert-steps">
          {lead.status !== 'qualified' ? t('leads.convert.stepsNote', { status: label(LEAD_STATUS_LABELS[lead.status]) }) : null}
          {lead.ownerId ? null : t('leads.convert.unassignedNote')}
        </Typography.Paragraph>
      ) : null}
      {duplicates.isPending ? (
        <Space style={{ marginBottom: 16 }}>
          <Spin size="small" /> <Typography.Text type="secondary">{t('leads.convert.checking')}</Typography.Text>
        </Space>
      ) : duplicates.isError ? (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('leads.convert.checkFailed')} />
      ) : found.length > 0 ? (
        <Alert
          type={found.some((c) => c.strong) ? 'error' : 'warning'}
          showIcon
          style={{ marginBottom: 16 }}
          title={t('customers.duplicates.liveTitle', { count: found.length })}
          description={<DuplicateList items={found} testId="lead-convert-duplicates" />}
          data-testid="lead-convert-duplicate-warning"
        />
      ) : (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('leads.convert.noDuplicates')} data-testid="lead-convert-no-duplicates" />
      )}

      <Radio.Group value={target} onChange={(e) => setTarget(String(e.target.value))} style={{ width: '100%' }} data-testid="lead-convert-target">
        <Flex vertical gap={8}>
          {joinable.map((c) => (
            <Radio key={c.id} value={c.id} data-testid="lead-convert-join">
              {t('leads.convert.join', { name: c.name ?? '' })}
              {c.number ? <Typography.Text type="secondary"> {c.number}</Typography.Text> : null}
              {c.ownedBySomeoneElse ? <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('customers.duplicates.someoneElse')}</Tag> : null}
            </Radio>
          ))}
          <Radio value={NEW} data-testid="lead-convert-new">
            {t('leads.convert.createNew')}
          </Radio>
        </Flex>
      </Radio.Group>

      <div style={{ display: target === NEW ? 'block' : 'none', marginTop: 16 }}>
        <Form<NewCustomer> form={form} layout="vertical" data-testid="lead-convert-form">
          <Form.Item name="name" label={t('customers.fields.name')} required rules={[zodRule(customerSchema.name.unwrap(), t)]}>
            <Input maxLength={100} data-testid="lead-convert-name" />
          </Form.Item>
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item name="kind" label={t('customers.fields.kind')} required>
                <Radio.Group optionType="button" options={CUSTOMER_KINDS.map((k) => ({ value: k, label: label(CUSTOMER_KIND_LABELS[k]) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="stage" label={t('customers.fields.stage')} required>
                <Select<LifecycleStage> options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: label(LIFECYCLE_STAGE_LABELS[s]) }))} data-testid="lead-convert-stage" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="industryCode" label={t('customers.fields.industry')}>
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={industries.options}
              loading={industries.query.isPending}
              placeholder={t('customers.selectIndustry')}
              data-testid="lead-convert-industry"
            />
          </Form.Item>
        </Form>
        {forcing ? (
          <div data-testid="lead-convert-force">
            <Alert type="error" showIcon title={t('customers.duplicates.conflictTitle')} description={t('customers.duplicates.conflictBody')} />
            <DuplicateList items={forcing} testId="lead-convert-force-candidates" />
            <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 4 }}>
              {t('customers.duplicates.forceReason')}
            </Typography.Paragraph>
            <Input.TextArea
              value={forceReason}
              onChange={(e) => setForceReason(e.target.value)}
              maxLength={200}
              autoSize={{ minRows: 2, maxRows: 4 }}
              placeholder={t('customers.duplicates.forceReasonPlaceholder')}
              data-testid="lead-convert-force-reason"
            />
          </div>
        ) : null}
      </div>
    </Modal>
  );
}

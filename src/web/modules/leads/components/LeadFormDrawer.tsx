import { App, Col, Form, Input, Radio, Row, Select, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CRITERION_ANSWERS, LEAD_CRITERIA_LABELS, SALES_REGION_LABELS, SALES_REGIONS, type LeadChannel, type LeadCriteria, type SalesRegion } from '../../../../contracts/vocabulary.ts';
import { createLeadBody, type Lead } from '../../../../contracts/leads.ts';
import { computeLeadGrade } from '../../../../contracts/leads.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { auditKeys } from '../../audit/audit.api.ts';
import { useIndustries, useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { campaignsKeys } from '../../campaigns/campaigns.api.ts';
import { CampaignSelect } from '../../campaigns/components/CampaignSelect.tsx';
import { channelFromCampaign, contactChanges, effectiveRegion, initialContactValues, initialCreateValues, toCreateBody, UNANSWERED, type CreateValues } from '../leadForm.ts';
import { createLead, leadsKeys, updateLead, type CreateLeadResponse } from '../leads.api.ts';
import { useProvinces } from '../useProvinces.ts';
import { PlainGradeTag } from '../vocabulary.tsx';

type Props = {
  open: boolean;
  /** The lead whose person is edited; absent when registering a new lead. */
  lead?: Lead | null;
  onClose: () => void;
  onCreated?: (result: CreateLeadResponse, channel: LeadChannel) => void;
};

const CRITERIA = ['needMatch', 'budget', 'authority'] as const;

/** The three grading questions, answered yes / unclear / no. */
export function CriteriaFields({ testIdPrefix }: { testIdPrefix: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  return (
    <>
      {CRITERIA.map((key) => (
        <Form.Item key={key} name={['criteria', key]} label={label(LEAD_CRITERIA_LABELS[key])} extra={t(`leads.criteriaHints.${key}`)}>
          <Radio.Group
            optionType="button"
            options={CRITERION_ANSWERS.map((a) => ({ value: a, label: t(`leads.answers.${a}`) }))}
            data-testid={`${testIdPrefix}-${key}`}
          />
        </Form.Item>
      ))}
    </>
  );
}

/** The grade the answers give, computed with the server's own rule as the user clicks. */
export function GradePreview({ criteria }: { criteria: Partial<LeadCriteria> | undefined }) {
  const { t } = useTranslation();
  const grade = computeLeadGrade({ ...UNANSWERED, ...criteria });
  return (
    <Space size={8} data-testid="lead-grade-preview" data-grade={grade}>
      <Typography.Text type="secondary">{t('leads.grade.computed')}</Typography.Text>
      <PlainGradeTag grade={grade} />
      {grade === 'C' ? <Typography.Text type="secondary">{t('leads.grade.nurtureHint')}</Typography.Text> : null}
      {grade === 'A' ? <Typography.Text type="secondary">{t('leads.grade.slaHint')}</Typography.Text> : null}
    </Space>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="kehu-form-section">
      <Typography.Title level={5} className="kehu-form-section-title">
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

export function LeadFormDrawer({ open, lead, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateValues>();
  const client = useQueryClient();
  const can = useCan();
  const label = useLabel();
  const channels = useSourceChannels();
  const rules = useZodRules(createLeadBody.shape);
  const editing = !!lead;
  const canAssign = can('lead:assign') && can('user:read');
  const criteria = Form.useWatch('criteria', form);
  const provinceCode = Form.useWatch('provinceCode', form);
  const provinces = useProvinces(open);
  const industries = useIndustries();

  const save = async (values: CreateValues) => {
    if (lead) {
      const body = contactChanges(lead, values);
      if (!body) return { result: 'unchanged' as const };
      return { result: 'updated' as const, lead: await updateLead(lead.id, body) };
    }
    if (!values.channel) throw new Error('the form requires a channel');
    return { result: 'created' as const, response: await createLead(toCreateBody({ ...values, channel: values.channel }, canAssign)), channel: values.channel };
  };

  const onSaved = (out: Awaited<ReturnType<typeof save>>) => {
    if (out.result === 'created') onCreated?.(out.response, out.channel);
    else if (out.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    void client.invalidateQueries({ queryKey: leadsKeys.all });
    void client.invalidateQueries({ queryKey: auditKeys.all });
    // A lead from a campaign joins its members (by the database's trigger): the campaign's lists change too.
    void client.invalidateQueries({ queryKey: campaignsKeys.all });
  };

  return (
    <FormDrawer<CreateValues, Awaited<ReturnType<typeof save>>>
      form={form}
      open={open}
      onClose={onClose}
      record={lead}
      initialValues={() => (lead ? initialContactValues(lead) : initialCreateValues())}
      title={editing ? t('leads.editTitle', { number: lead.number }) : t('leads.createTitle')}
      size={640}
      testId="lead-form"
      submitText={editing ? t('common.save') : t('leads.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ conflictKeys: [leadsKeys.all] }}
      formProps={{
        // The region box shows the region a chosen province implies; it stays when the province is cleared.
        onValuesChange: (changed: Partial<CreateValues>, all) => {
          if (changed.provinceCode) form.setFieldValue('region', effectiveRegion(all));
        },
      }}
    >
      <Section title={t('leads.sections.source')}>
        <Row gutter={16}>
          <Col xs={24} sm={10}>
            <Form.Item name="channel" label={t('leads.fields.channel')} rules={[{ required: true, message: t('validation.required') }]}>
              <Select<LeadChannel>
                options={channels.options(lead?.channel)}
                placeholder={t('customers.selectPlaceholder')}
                data-testid="lead-form-channel"
              />
            </Form.Item>
          </Col>
          {editing ? null : (
            <Col xs={24} sm={14}>
              <Form.Item name="sourceDetail" label={t('leads.fields.sourceDetail')} rules={rules('sourceDetail')}>
                <Input maxLength={200} placeholder={t('customers.sourceDetailPlaceholder')} data-testid="lead-form-sourceDetail" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="campaignId" label={t('leads.fields.campaign')} extra={editing ? undefined : t('leads.campaignHint')}>
          <CampaignSelect
            keep={lead?.campaignId && lead.campaignName ? { id: lead.campaignId, name: lead.campaignName } : null}
            placeholder={t('leads.campaignPlaceholder')}
            // A new lead from a campaign comes through the campaign's channel, unless one is chosen already.
            onPick={(campaign) => {
              if (editing) return;
              const channel = channelFromCampaign(form.getFieldValue('channel') as LeadChannel | undefined, campaign);
              if (channel) form.setFieldValue('channel', channel);
            }}
            style={{ width: '100%' }}
            data-testid="lead-form-campaign"
          />
        </Form.Item>
      </Section>

      <Section title={t('leads.sections.prospect')}>
        <Form.Item name="companyName" label={t('leads.fields.companyName')} rules={rules('companyName')}>
          <Input maxLength={100} autoComplete="off" data-testid="lead-form-companyName" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('leads.fields.contactName')} required rules={rules('contactName')}>
              <Input maxLength={50} autoComplete="off" data-testid="lead-form-contactName" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="title" label={t('leads.fields.title')} rules={rules('title')}>
              <Input maxLength={50} data-testid="lead-form-title" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('leads.fields.phone')} rules={rules('phone')}>
              <Input maxLength={40} inputMode="tel" data-testid="lead-form-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="email" label={t('leads.fields.email')} rules={rules('email')}>
              <Input maxLength={200} inputMode="email" data-testid="lead-form-email" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="provinceCode" label={t('leads.fields.province')}>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={provinces.options}
                loading={provinces.query.isPending}
                status={provinces.query.isError ? 'error' : undefined}
                placeholder={provinces.query.isError ? t('errors.loadFailed') : t('customers.selectPlaceholder')}
                data-testid="lead-form-province"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="region" label={t('leads.fields.region')} extra={provinceCode ? t('leads.regionFromProvince') : t('leads.regionHint')}>
              <Select<SalesRegion>
                allowClear
                disabled={!!provinceCode}
                options={SALES_REGIONS.map((r) => ({ value: r, label: label(SALES_REGION_LABELS[r]) }))}
                placeholder={t('customers.selectPlaceholder')}
                data-testid="lead-form-region"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="industryCode" label={t('leads.fields.industry')}>
              <Select<string>
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={industries.options}
                loading={industries.query.isPending}
                placeholder={t('customers.selectPlaceholder')}
                data-testid="lead-form-industry"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="needs" label={t('leads.fields.needs')} rules={rules('needs')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} data-testid="lead-form-needs" />
        </Form.Item>
      </Section>

      {editing ? null : (
        <Section title={t('leads.sections.grading')}>
          <CriteriaFields testIdPrefix="lead-form" />
          <GradePreview criteria={criteria} />
          {canAssign ? (
            <Form.Item name="ownerId" label={t('leads.fields.owner')} extra={t('leads.ownerHint')} style={{ marginTop: 16 }}>
              <UserSelect placeholder={t('leads.unassigned')} data-testid="lead-form-owner" />
            </Form.Item>
          ) : null}
        </Section>
      )}
    </FormDrawer>
  );
}

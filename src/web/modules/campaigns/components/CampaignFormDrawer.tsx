import { useNavigate } from 'react-router';
import { App, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_GOAL_LABELS, CAMPAIGN_GOALS, CAMPAIGN_TYPE_LABELS, CAMPAIGN_TYPES, createCampaignBody, type CampaignGoal, type CampaignType } from '../../../../contracts/campaigns.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { useLabel, useSourceChannels } from '../../customers/hooks.ts';
import { UserSelect } from '../../users/components/UserSelect.tsx';
import { campaignsKeys, createCampaign, updateCampaign } from '../campaigns.api.ts';
import { campaignChanges, initialCampaignValues, targetToApi, toCreateCampaignBody, yuanToFen, type CampaignFormTarget, type CampaignValues as Values } from '../campaignForm.ts';

/** 新建 / 编辑营销活动. The budget (and a revenue target) are typed in yuan and sent in fen. */
export function CampaignFormDrawer({ target, onClose }: { target: CampaignFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const label = useLabel();
  const navigate = useNavigate();
  const client = useQueryClient();
  const channels = useSourceChannels();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(createCampaignBody.shape);
  const editing = target?.mode === 'edit' ? target.campaign : null;
  const goal = Form.useWatch('goal', form) ?? null;

  const save = async (v: Values) => {
    if (!target) return null;
    if (target.mode === 'edit') {
      const body = campaignChanges(target.campaign, v);
      if (!body) return { result: 'unchanged' as const, id: target.campaign.id };
      await updateCampaign(target.campaign.id, body);
      return { result: 'updated' as const, id: target.campaign.id };
    }
    const created = await createCampaign(toCreateCampaignBody(v));
    return { result: 'created' as const, id: created.id };
  };

  const onSaved = (done: Awaited<ReturnType<typeof save>>) => {
    if (!done) return;
    if (done.result === 'created') void message.success(t('campaigns.created'));
    else if (done.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    void client.invalidateQueries({ queryKey: campaignsKeys.all });
    if (done.result === 'created') void navigate(`/campaigns/${done.id}`);
  };

  const targetLabel = goal === 'revenue' ? t('campaigns.fields.goalTargetRevenue') : goal === 'attendance' ? t('campaigns.fields.goalTargetAttendance') : t('campaigns.fields.goalTargetLeads');

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={!!target}
      onClose={onClose}
      // The detail page passes a new target each render; the campaign it edits is what counts.
      record={editing ?? target}
      initialValues={() => (target ? initialCampaignValues(target) : {})}
      title={editing ? t('campaigns.editTitle') : t('campaigns.createTitle')}
      size={640}
      testId="campaign-form"
      submitText={editing ? t('common.save') : t('campaigns.create')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ fieldMap: { budgetFen: 'budgetYuan', startsOn: 'period', endsOn: 'period' }, conflictKeys: [campaignsKeys.all] }}
      formProps={{
        // Without a goal there is no target: the box empties with the goal.
        onValuesChange: (changed: Partial<Values>) => {
          if ('goal' in changed && !changed.goal) form.setFieldValue('goalTarget', null);
        },
      }}
    >
      <Form.Item name="name" label={t('campaigns.fields.name')} required rules={rules('name')}>
        <Input maxLength={200} placeholder={t('campaigns.namePlaceholder')} data-testid="campaign-form-name" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="type" label={t('campaigns.fields.type')} rules={[{ required: true, message: t('validation.required') }]}>
            <Select<CampaignType>
              options={CAMPAIGN_TYPES.map((v) => ({ value: v, label: label(CAMPAIGN_TYPE_LABELS[v]) }))}
              placeholder={t('customers.selectPlaceholder')}
              data-testid="campaign-form-type"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="channel" label={t('campaigns.fields.channel')} extra={editing ? undefined : t('campaigns.channelHint')}>
            <Select<string> allowClear options={channels.options(editing?.channel)} placeholder={t('customers.selectPlaceholder')} data-testid="campaign-form-channel" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="goal" label={t('campaigns.fields.goal')}>
            <Select<CampaignGoal>
              allowClear
              options={CAMPAIGN_GOALS.map((v) => ({ value: v, label: label(CAMPAIGN_GOAL_LABELS[v]) }))}
              placeholder={t('campaigns.noGoal')}
              data-testid="campaign-form-goal"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="goalTarget"
            label={targetLabel}
            dependencies={['goal']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_r, value: string | null | undefined) => {
                  const chosen = (getFieldValue('goal') as CampaignGoal | null | undefined) ?? null;
                  const empty = value === null || value === undefined || value === '';
                  if (!chosen) return;
                  if (empty) throw new Error(t('campaigns.goalTargetRequired'));
                  const n = targetToApi(chosen, value);
                  if (n === null || n < 1) throw new Error(t('validation.invalid'));
                },
              }),
            ]}
          >
            <InputNumber<string>
              stringMode
              min="0"
              precision={goal === 'revenue' ? 2 : 0}
              disabled={!goal}
              style={{ width: '100%' }}
              data-testid="campaign-form-goalTarget"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={14}>
          <Form.Item name="period" label={t('campaigns.fields.period')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} data-testid="campaign-form-period" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item
            name="budgetYuan"
            label={t('campaigns.fields.budgetYuan')}
            rules={[
              {
                validator: async (_r, value: string | null | undefined) => {
                  if (value === null || value === undefined || value === '') return;
                  if (yuanToFen(value) === null) throw new Error(t('validation.invalid'));
                },
              },
            ]}
          >
            <InputNumber<string> stringMode min="0" precision={2} step="1000" style={{ width: '100%' }} data-testid="campaign-form-budget" />
          </Form.Item>
        </Col>
      </Row>
      {can('user:read') ? (
        <Form.Item name="ownerId" label={t('campaigns.fields.owner')} extra={editing ? undefined : t('campaigns.ownerHint')}>
          <UserSelect placeholder={t('campaigns.filterOwner')} data-testid="campaign-form-owner" />
        </Form.Item>
      ) : null}
      <Form.Item name="notes" label={t('campaigns.fields.notes')} rules={rules('notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} data-testid="campaign-form-notes" />
      </Form.Item>
    </FormDrawer>
  );
}

import dayjs from 'dayjs';
import { App, Col, DatePicker, Form, Input, InputNumber, Row } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { costInput, type CampaignCost, type CampaignDetail } from '../../../../contracts/campaigns.ts';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { addCost, campaignsKeys, updateCost } from '../campaigns.api.ts';
import { fenToYuan, toCostBody, yuanToFen, type CostValues as Values } from '../campaignForm.ts';

/** What the dialog is open for: a new cost, or one to correct. */
export type CostTarget = { mode: 'create' } | { mode: 'edit'; cost: CampaignCost };

function initialValues(target: CostTarget): Values {
  if (target.mode === 'create') return { spentOn: dayjs(), item: '', amountYuan: null, supplier: '', notes: '' };
  const c = target.cost;
  return { spentOn: dayjs(c.spentOn), item: c.item, amountYuan: fenToYuan(c.amountFen), supplier: c.supplier ?? '', notes: c.notes ?? '' };
}

/** 记录 / 修改费用: date, item, amount in yuan, supplier. Saving answers with the campaign and its new cost total. */
export function CostFormModal({ campaignId, target, onClose }: { campaignId: string; target: CostTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(costInput.shape);
  const editing = target?.mode === 'edit' ? target.cost : null;

  const save = (v: Values): Promise<CampaignDetail> => (editing ? updateCost(campaignId, editing.id, toCostBody(v)) : addCost(campaignId, toCostBody(v)));

  const onSaved = (updated: CampaignDetail) => {
    client.setQueryData(campaignsKeys.detail(campaignId), updated);
    void client.invalidateQueries({ queryKey: campaignsKeys.all });
    void message.success(editing ? t('campaigns.costs.updated') : t('campaigns.costs.recorded'));
  };

  return (
    <FormDrawer<Values, CampaignDetail>
      modal
      form={form}
      open={!!target}
      onClose={onClose}
      record={editing ?? target}
      initialValues={() => (target ? initialValues(target) : {})}
      title={editing ? t('campaigns.costs.editTitle') : t('campaigns.costs.addTitle')}
      size={560}
      testId="campaign-cost-form"
      submitText={editing ? t('common.save') : t('campaigns.costs.add')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ fieldMap: { amountFen: 'amountYuan' }, conflictKeys: [campaignsKeys.detail(campaignId)] }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="spentOn" label={t('campaigns.costs.spentOn')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker style={{ width: '100%' }} data-testid="campaign-cost-form-spentOn" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item
            name="amountYuan"
            label={t('campaigns.costs.amountYuan')}
            required
            rules={[
              {
                validator: async (_r, value: string | null | undefined) => {
                  if (value === null || value === undefined || value === '') throw new Error(t('validation.required'));
                  const fen = yuanToFen(value);
                  if (fen === null) throw new Error(t('validation.invalid'));
                  if (fen <= 0) throw new Error(t('validation.positiveAmount'));
                },
              },
            ]}
          >
            <InputNumber<string> stringMode min="0" precision={2} step="100" style={{ width: '100%' }} data-testid="campaign-cost-form-amount" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="item" label={t('campaigns.costs.item')} required rules={rules('item')}>
        <Input maxLength={200} placeholder={t('campaigns.costs.itemPlaceholder')} data-testid="campaign-cost-form-item" />
      </Form.Item>
      <Form.Item name="supplier" label={t('campaigns.costs.supplier')} rules={rules('supplier')}>
        <Input maxLength={200} data-testid="campaign-cost-form-supplier" />
      </Form.Item>
      <Form.Item name="notes" label={t('campaigns.costs.notes')} rules={rules('notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="campaign-cost-form-notes" />
      </Form.Item>
    </FormDrawer>
  );
}

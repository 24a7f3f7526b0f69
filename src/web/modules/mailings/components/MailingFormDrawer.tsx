import { useRef } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Col, Dropdown, Flex, Form, Input, InputNumber, Radio, Row, Select, Switch, Typography, type GetRef } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AB_METRICS, abTestSchema, createMailingBody, MERGE_FIELD_LABELS, MERGE_FIELDS, type AbMetric, type Mailing } from '../../../../contracts/mailings.ts';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { SegmentSelect } from '../../segments/components/SegmentSelect.tsx';
import { useZodRules, zodRule } from '../../../ui/zodRule.ts';
import { useLabel } from '../../customers/hooks.ts';
import { getSegment, segmentsKeys } from '../../segments/segments.api.ts';
import { createMailing, mailingsKeys, updateMailing } from '../mailings.api.ts';
import { initialMailingValues, insertMergeField, mailingChanges, mailingFieldOf, MAX_OTHER_SUBJECTS, toCreateMailingBody, variantOf, type MailingValues as Values } from '../mailingForm.ts';

export type MailingFormTarget = { mode: 'create'; campaignId: string; campaignName: string; /** The campaign's target segment (目标人群), the default audience. */ segment?: { id: string; name: string | null } | null } | { mode: 'edit'; mailing: Mailing };

/** The audience: a segment or static list I may use. */
function SegmentPicker({ value, onChange, currentName }: { value?: string | null; onChange?: (v: string | null) => void; currentName?: string | null }) {
  const { t } = useTranslation();
  return <SegmentSelect value={value} onChange={onChange} currentName={currentName} placeholder={t('mailings.form.segmentPlaceholder')} notFound={t('mailings.form.noSegments')} testId="mailing-form-segment" />;
}

/**
 * 新建 / 编辑邮件: the audience, the sender, the subject lines (more than one: a subject test with
 * its sample, waiting time and metric) and the HTML body with merge fields. Only drafts are edited.
 */
export function MailingFormDrawer({ target, onClose }: { target: MailingFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const label = useLabel();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(createMailingBody.shape);
  const editing = target?.mode === 'edit' ? target.mailing : null;
  const htmlRef = useRef<GetRef<typeof Input.TextArea>>(null);
  const segmentId = Form.useWatch('segmentId', form) ?? null;
  const tracking = Form.useWatch('tracking', form) ?? true;
  const otherCount = (Form.useWatch('otherSubjects', form) as string[] | undefined)?.length ?? 0;
  const segment = useQuery({ queryKey: segmentsKeys.detail(segmentId ?? ''), queryFn: ({ signal }) => getSegment(segmentId ?? '', signal), enabled: !!segmentId });
  const forCustomers = segment.data?.entity === 'customer';

  const save = async (v: Values) => {
    if (!target) return null;
    if (target.mode === 'edit') {
      const body = mailingChanges(target.mailing, v);
      if (!body) return { result: 'unchanged' as const, id: target.mailing.id };
      const saved = await updateMailing(target.mailing.id, body);
      client.setQueryData(mailingsKeys.detail(saved.id), saved);
      return { result: 'updated' as const, id: saved.id };
    }
    const created = await createMailing(toCreateMailingBody(target.campaignId, v));
    return { result: 'created' as const, id: created.id };
  };

  const onSaved = (done: Awaited<ReturnType<typeof save>>) => {
    if (!done) return;
    if (done.result === 'created') void message.success(t('mailings.created'));
    else if (done.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    void client.invalidateQueries({ queryKey: mailingsKeys.all });
    if (done.result === 'created') void navigate(`/mailings/${done.id}`);
  };

  const insertField = (field: string) => {
    const el = htmlRef.current?.resizableTextArea?.textArea;
    const current = (form.getFieldValue('html') as string | undefined) ?? '';
    const next = insertMergeField(current, el?.selectionStart, el?.selectionEnd, field);
    form.setFieldValue('html', next.value);
    void form.validateFields(['html']).catch(() => undefined);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={!!target}
      onClose={onClose}
      record={editing ?? target}
      initialValues={() =>
        target
          ? { ...initialMailingValues(editing, editing ? editing.campaignName : target.mode === 'create' ? target.campaignName : ''), ...(target.mode === 'create' && target.segment ? { segmentId: target.segment.id } : {}) }
          : {}
      }
      title={editing ? t('mailings.editTitle') : t('mailings.createTitle')}
      size={960}
      testId="mailing-form"
      submitText={editing ? t('common.save') : t('mailings.createSubmit')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ fieldMap: mailingFieldOf, conflictKeys: [mailingsKeys.all] }}
    >
      <Form.Item name="name" label={t('mailings.fields.name')} required rules={rules('name')} extra={t('mailings.form.nameHint')}>
        <Input maxLength={200} data-testid="mailing-form-name" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={forCustomers ? 14 : 24}>
          <Form.Item name="segmentId" label={t('mailings.fields.segment')} extra={t('mailings.form.segmentHint')}>
            <SegmentPicker currentName={editing?.segmentName ?? (target?.mode === 'create' ? (target.segment?.name ?? null) : null)} />
          </Form.Item>
        </Col>
        {forCustomers ? (
          <Col xs={24} sm={10}>
            <Form.Item name="contacts" label={t('mailings.fields.contacts')}>
              <Radio.Group
                options={[
                  { value: 'primary', label: t('mailings.contacts.primary') },
                  { value: 'all', label: t('mailings.contacts.all') },
                ]}
                data-testid="mailing-form-contacts"
              />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item name="fromName" label={t('mailings.fields.fromName')} rules={rules('fromName')}>
            <Input maxLength={100} placeholder={t('mailings.form.fromNamePlaceholder')} data-testid="mailing-form-fromName" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={10}>
          <Form.Item name="replyTo" label={t('mailings.fields.replyTo')} rules={rules('replyTo')}>
            <Input maxLength={200} placeholder="sales@example.com" data-testid="mailing-form-replyTo" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={6}>
          <Form.Item name="tracking" label={t('mailings.fields.tracking')} valuePropName="checked">
            <Switch data-testid="mailing-form-tracking" />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        {tracking ? t('mailings.form.trackingHint') : t('mailings.form.trackingOffHint')}
      </Typography.Paragraph>

      <Form.Item name="subject" label={t('mailings.fields.subjectA')} required rules={rules('subject')}>
        <Input maxLength={200} data-testid="mailing-form-subject" />
      </Form.Item>
      <Form.List name="otherSubjects">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Form.Item key={field.key} label={t('mailings.fields.subjectN', { key: variantOf(index) })} required>
                <Flex gap={8}>
                  <Form.Item name={field.name} noStyle rules={rules('subject')}>
                    <Input maxLength={200} data-testid={`mailing-form-subject-${variantOf(index)}`} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('common.delete')} data-testid={`mailing-form-subject-${variantOf(index)}-remove`} />
                </Flex>
              </Form.Item>
            ))}
            {fields.length < MAX_OTHER_SUBJECTS ? (
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ marginBottom: 16 }} data-testid="mailing-form-add-subject">
                {t('mailings.form.addSubject')}
              </Button>
            ) : null}
          </>
        )}
      </Form.List>
      {otherCount > 0 ? (
        <div data-testid="mailing-form-abtest">
          <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('mailings.form.abTestHint', { count: otherCount + 1 })} />
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item name="samplePercent" label={t('mailings.fields.samplePercent')} required rules={[zodRule(abTestSchema.shape.samplePercent, t)]}>
                <InputNumber<number> min={2} max={50} precision={0} suffix="%" style={{ width: '100%' }} data-testid="mailing-form-samplePercent" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="decideAfterMinutes" label={t('mailings.fields.decideAfterMinutes')} required rules={[zodRule(abTestSchema.shape.decideAfterMinutes, t)]}>
                <InputNumber<number> min={10} max={10080} precision={0} suffix={t('mailings.form.minutes')} style={{ width: '100%' }} data-testid="mailing-form-decideAfterMinutes" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item name="metric" label={t('mailings.fields.metric')} required>
                <Select<AbMetric> options={AB_METRICS.map((m) => ({ value: m, label: t(`mailings.metric.${m}`) }))} data-testid="mailing-form-metric" />
              </Form.Item>
            </Col>
          </Row>
        </div>
      ) : null}

      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('mailings.fields.html')}</Typography.Text>
        <Dropdown
          trigger={['click']}
          menu={{
            items: MERGE_FIELDS.map((f) => ({ key: f, label: <span data-testid={`merge-field-${f}`}>{`${label(MERGE_FIELD_LABELS[f])}  {{${f}}}`}</span> })),
            onClick: ({ key }) => insertField(key),
          }}
        >
          <Button size="small" data-testid="mailing-form-merge-field">
            {t('mailings.form.insertMergeField')}
          </Button>
        </Dropdown>
      </Flex>
      <Form.Item name="html" required rules={rules('html')} extra={t('mailings.form.htmlHint')}>
        <Input.TextArea ref={htmlRef} autoSize={{ minRows: 10, maxRows: 24 }} spellCheck={false} style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }} data-testid="mailing-form-html" />
      </Form.Item>
      <Form.Item name="text" label={t('mailings.fields.text')} rules={rules('text')} extra={t('mailings.form.textHint')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} data-testid="mailing-form-text" />
      </Form.Item>
    </FormDrawer>
  );
}

import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Col, Flex, Form, Input, Radio, Row, Select, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createSmsSendBody, SMS_PARAM_SOURCES, type SmsParamSource, type SmsSend } from '../../../../contracts/sms.ts';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { SegmentSelect } from '../../segments/components/SegmentSelect.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { getSegment, segmentsKeys } from '../../segments/segments.api.ts';
import { createSmsSend, smsKeys, updateSmsSend } from '../sms.api.ts';
import { hasOptOut, initialSmsValues, paramRowsFor, previewMessage, sameRows, smsChanges, smsFieldOf, SOURCE_KEYS, toCreateSmsBody, usesShortLink, type ParamRow, type SmsValues as Values } from '../smsForm.ts';

export type SmsFormTarget = { mode: 'create'; campaignId: string; campaignName: string; /** The campaign's target segment (目标人群), the default audience. */ segment?: { id: string; name: string | null } | null } | { mode: 'edit'; send: SmsSend };

/** The audience: a segment or static list I may use. */
function SegmentPicker({ value, onChange, currentName }: { value?: string | null; onChange?: (v: string | null) => void; currentName?: string | null }) {
  const { t } = useTranslation();
  return <SegmentSelect value={value} onChange={onChange} currentName={currentName} placeholder={t('sms.form.segmentPlaceholder')} notFound={t('sms.form.noSegments')} testId="sms-form-segment" />;
}

/** The message with sample values while it is typed: text, length and billed parts. */
export function SmsDraftPreview({ signName, text, params, campaignName }: { signName: string; text: string; params: ParamRow[]; campaignName: string }) {
  const { t } = useTranslation();
  const p = previewMessage({ signName, text, params }, { campaignName, origin: window.location.origin });
  return (
    <div data-testid="sms-form-preview">
      <Typography.Text strong>{t('sms.preview.draftTitle')}</Typography.Text>{' '}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sms.preview.serverNote')}
      </Typography.Text>
      <SmsBubble text={p.text} length={p.length} parts={p.parts} testId="sms-form-preview" />
      {text.trim() && !hasOptOut(text) ? <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('sms.form.optOutMissing')} data-testid="sms-form-optout" /> : null}
    </div>
  );
}

/** A message as a phone shows it, with its length and billed parts. */
export function SmsBubble({ text, length, parts, testId }: { text: string; length: number; parts: number; testId: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={6} style={{ marginTop: 8 }}>
      <div
        style={{ background: '#f0f2f5', borderRadius: 12, padding: '10px 14px', maxWidth: 420, whiteSpace: 'pre-wrap', wordBreak: 'break-all', lineHeight: 1.6 }}
        data-testid={`${testId}-text`}
      >
        {text}
      </div>
      <Flex gap={8} wrap align="center">
        <Tag data-testid={`${testId}-length`} data-value={length}>
          {t('sms.preview.length', { length })}
        </Tag>
        <Tag color={parts > 1 ? 'orange' : 'blue'} data-testid={`${testId}-parts`} data-value={parts}>
          {t('sms.preview.parts', { parts })}
        </Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('sms.preview.partsRule')}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

/**
 * 新建 / 编辑短信: the audience, the approved signature and template code, the template text with
 * a row per `${variable}` to choose what fills it, the short link's address when one is used,
 * and the message with sample values as it is typed. Only drafts are edited.
 */
export function SmsFormDrawer({ target, onClose }: { target: SmsFormTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const rules = useZodRules(createSmsSendBody.shape);
  const editing = target?.mode === 'edit' ? target.send : null;
  const campaignName = editing ? editing.campaignName : target?.mode === 'create' ? target.campaignName : '';
  const segmentId = Form.useWatch('segmentId', form) ?? null;
  const text = (Form.useWatch('text', form) as string | undefined) ?? '';
  const signName = (Form.useWatch('signName', form) as string | undefined) ?? '';
  const rows = (Form.useWatch('params', form) as ParamRow[] | undefined) ?? [];
  const segment = useQuery({ queryKey: segmentsKeys.detail(segmentId ?? ''), queryFn: ({ signal }) => getSegment(segmentId ?? '', signal), enabled: !!segmentId });
  const forCustomers = segment.data?.entity === 'customer';
  const shortLink = usesShortLink(rows);

  // One row per ${variable} of the text, as it is typed.
  useEffect(() => {
    if (!target) return;
    const current = form.getFieldValue('params') as ParamRow[] | undefined;
    const next = paramRowsFor(text, current);
    if (!sameRows(current, next)) form.setFieldValue('params', next);
  }, [text, form, target]);

  const save = async (v: Values) => {
    if (!target) return null;
    if (target.mode === 'edit') {
      const body = smsChanges(target.send, v);
      if (!body) return { result: 'unchanged' as const, id: target.send.id };
      const saved = await updateSmsSend(target.send.id, body);
      client.setQueryData(smsKeys.detail(saved.id), saved);
      return { result: 'updated' as const, id: saved.id };
    }
    const created = await createSmsSend(toCreateSmsBody(target.campaignId, v));
    return { result: 'created' as const, id: created.id };
  };

  const onSaved = (done: Awaited<ReturnType<typeof save>>) => {
    if (!done) return;
    if (done.result === 'created') void message.success(t('sms.created'));
    else if (done.result === 'updated') void message.success(t('common.saved'));
    else void message.info(t('common.noChanges'));
    void client.invalidateQueries({ queryKey: smsKeys.all });
    if (done.result === 'created') void navigate(`/sms-sends/${done.id}`);
  };

  const sourceOptions = SMS_PARAM_SOURCES.map((s) => ({ value: s, label: t(`sms.sources.${SOURCE_KEYS[s]}`) }));

  return (
    <FormDrawer<Values, Awaited<ReturnType<typeof save>>>
      form={form}
      open={!!target}
      onClose={onClose}
      record={editing ?? target}
      initialValues={() => (target ? { ...initialSmsValues(editing), ...(target.mode === 'create' && target.segment ? { segmentId: target.segment.id } : {}) } : {})}
      title={editing ? t('sms.editTitle') : t('sms.createTitle')}
      size={960}
      testId="sms-form"
      submitText={editing ? t('common.save') : t('sms.createSubmit')}
      onSubmit={save}
      onSaved={onSaved}
      errorOptions={{ fieldMap: smsFieldOf, conflictKeys: [smsKeys.all] }}
    >
      <Form.Item name="name" label={t('sms.fields.name')} required rules={rules('name')} extra={t('sms.form.nameHint')}>
        <Input maxLength={200} data-testid="sms-form-name" />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} sm={forCustomers ? 14 : 24}>
          <Form.Item name="segmentId" label={t('sms.fields.segment')} extra={t('sms.form.segmentHint')}>
            <SegmentPicker currentName={editing?.segmentName ?? (target?.mode === 'create' ? (target.segment?.name ?? null) : null)} />
          </Form.Item>
        </Col>
        {forCustomers ? (
          <Col xs={24} sm={10}>
            <Form.Item name="contacts" label={t('sms.fields.contacts')}>
              <Radio.Group
                options={[
                  { value: 'primary', label: t('sms.contacts.primary') },
                  { value: 'all', label: t('sms.contacts.all') },
                ]}
                data-testid="sms-form-contacts"
              />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={10}>
          <Form.Item name="signName" label={t('sms.fields.signName')} required rules={rules('signName')} extra={t('sms.form.signNameHint')}>
            <Input maxLength={40} data-testid="sms-form-signName" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={14}>
          <Form.Item name="templateCode" label={t('sms.fields.templateCode')} required rules={rules('templateCode', { regex: t('sms.form.templateCodeHint') })} extra={t('sms.form.templateCodeHint')}>
            <Input maxLength={40} placeholder="SMS_123456789" data-testid="sms-form-templateCode" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="text" label={t('sms.fields.text')} required rules={rules('text')} extra={t('sms.form.textHint')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={500} showCount placeholder={t('sms.form.textPlaceholder')} data-testid="sms-form-text" />
      </Form.Item>

      <Form.Item label={t('sms.fields.params')} extra={rows.length > 0 ? t('sms.form.paramsHint') : undefined} style={{ marginBottom: 8 }}>
        <Form.List name="params">
          {(fields) =>
            fields.length === 0 ? (
              <Typography.Text type="secondary" data-testid="sms-form-no-params">
                {t('sms.form.noParams')}
              </Typography.Text>
            ) : (
              <Flex vertical gap={0} data-testid="sms-form-params">
                {fields.map((field) => {
                  const name = rows[field.name]?.name ?? '';
                  return (
                    <Flex key={field.key} gap={12} align="flex-start" data-testid={`sms-form-param-${name}`}>
                      <Form.Item name={[field.name, 'name']} hidden>
                        <Input />
                      </Form.Item>
                      <Typography.Text code style={{ minWidth: 120, lineHeight: '32px' }}>{`\${${name}}`}</Typography.Text>
                      <Form.Item name={[field.name, 'source']} rules={[{ required: true, message: t('sms.form.sourceRequired') }]} style={{ flex: 1, maxWidth: 320, marginBottom: 12 }}>
                        <Select<SmsParamSource> options={sourceOptions} placeholder={t('sms.form.sourcePlaceholder')} data-testid={`sms-form-source-${name}`} />
                      </Form.Item>
                    </Flex>
                  );
                })}
              </Flex>
            )
          }
        </Form.List>
      </Form.Item>
      {shortLink ? (
        <Form.Item name="linkUrl" label={t('sms.fields.linkUrl')} required rules={rules('linkUrl')} extra={t('sms.form.linkUrlHint')}>
          <Input maxLength={500} placeholder="https://" data-testid="sms-form-linkUrl" />
        </Form.Item>
      ) : null}
      <SmsDraftPreview signName={signName} text={text} params={rows} campaignName={campaignName} />
    </FormDrawer>
  );
}

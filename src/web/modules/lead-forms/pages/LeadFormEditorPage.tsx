import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { App, Breadcrumb, Button, Card, Col, Flex, Form, Input, Row, Select, Space, Typography } from 'antd';
import { DeleteOutlined, SaveOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createLeadFormBody, type FormField, type LeadForm } from '../../../../contracts/lead-forms.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { isApiError } from '../../../app/http.ts';
import { useCan } from '../../../app/session.tsx';
import { applyFieldErrors } from '../../../ui/fieldErrors.ts';
import { ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { useDocumentTitle } from '../../../ui/useDocumentTitle.ts';
import { useZodRules } from '../../../ui/zodRule.ts';
import { useCampaign } from '../../campaigns/campaigns.api.ts';
import { CampaignSelect } from '../../campaigns/components/CampaignSelect.tsx';
import { useSourceChannels } from '../../customers/hooks.ts';
import { EmbedCard } from '../components/EmbedCard.tsx';
import { FieldListEditor } from '../components/FieldListEditor.tsx';
import { FormPreview } from '../components/FormPreview.tsx';
import { LeadFormStatusTag } from '../components/leadFormBits.tsx';
import { SubmissionsCard } from '../components/SubmissionsCard.tsx';
import { builderFieldOf, changes, hasChanges, initialFields, initialValues, publicUrl, splitIssues, toBody, type BuilderValues, type Lang } from '../formBuilder.ts';
import { createLeadForm, deleteLeadForm, leadFormsKeys, updateLeadForm, useLeadForm } from '../leadForms.api.ts';

type SaveAction = 'save' | 'publish' | 'close';
type Preset = { campaignId: string | null; campaignName: string | null; channel: string | null };

function LeadFormEditor({ saved, preset }: { saved: LeadForm | null; preset: Preset }) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const can = useCan();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const channels = useSourceChannels();
  const rules = useZodRules(createLeadFormBody.shape);
  const [form] = Form.useForm<BuilderValues>();
  const [fields, setFields] = useState<FormField[]>(() => (saved ? saved.fields.map((f) => ({ ...f })) : initialFields(lang)));
  const [issues, setIssues] = useState<{ list: string[]; rows: Map<number, string[]> }>(() => ({ list: [], rows: new Map() }));
  const mayEdit = saved ? can('lead_form:update') : can('lead_form:create');

  useEffect(() => {
    form.setFieldsValue(initialValues(saved, { thankYouMessage: t('leadForms.defaultThanks'), campaignId: preset.campaignId, channel: preset.channel }));
  }, [form, saved, preset, t]);

  const title = Form.useWatch('title', form) ?? '';
  const description = Form.useWatch('description', form);
  const consentText = Form.useWatch('consentText', form);
  const slug = Form.useWatch('slug', form) ?? '';

  const changeFields = (next: FormField[]) => {
    setFields(next);
    setIssues({ list: [], rows: new Map() });
  };

  const save = useMutation({
    mutationFn: async ({ action, values }: { action: SaveAction; values: BuilderValues | null }) => {
      if (saved && action === 'close') return updateLeadForm(saved.id, { version: saved.version, status: 'closed' });
      if (!values) throw new Error('the form values are missing');
      const body = toBody(values, fields, lang);
      if (!saved) {
        const created = await createLeadForm(body);
        return action === 'publish' ? updateLeadForm(created.id, { version: created.version, status: 'published' }) : created;
      }
      const update = changes(saved, body);
      if (action === 'publish') return updateLeadForm(saved.id, { ...update, status: 'published' });
      return hasChanges(update) ? updateLeadForm(saved.id, update) : saved;
    },
    onSuccess: (result, { action }) => {
      void message.success(action === 'publish' ? t('leadForms.published') : action === 'close' ? t('leadForms.closed') : t('leadForms.saved'));
      client.setQueryData(leadFormsKeys.detail(result.id), result);
      void client.invalidateQueries({ queryKey: leadFormsKeys.all });
      if (!saved) void navigate(`/lead-forms/${result.id}`, { replace: true });
    },
    onError: (err) => {
      if (isApiError(err) && err.details.length && err.code !== 'VERSION_CONFLICT') {
        const { list, rows, rest } = splitIssues(err.details);
        setIssues({ list, rows });
        const unmatched = rest.length ? applyFieldErrors(form, rest, builderFieldOf) : [];
        const shown = [...(rows.size ? [t('leadForms.builder.fixFields')] : []), ...unmatched.map((d) => d.message)];
        if (list.length || shown.length) void message.error([...list, ...shown].join('; '));
        return;
      }
      handleError(err, { conflictKeys: saved ? [leadFormsKeys.detail(saved.id)] : [] });
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteLeadForm(saved?.id ?? ''),
    onSuccess: () => {
      void message.success(t('leadForms.deleted'));
      void client.invalidateQueries({ queryKey: leadFormsKeys.all });
      void navigate('/lead-forms', { replace: true });
    },
    onError: (err) => handleError(err),
  });

  const submit = (action: SaveAction) => {
    if (action === 'close') {
      save.mutate({ action, values: null });
      return;
    }
    void form.validateFields().then(
      (values) => save.mutate({ action, values }),
      () => undefined,
    );
  };

  const pending = (action: SaveAction) => save.isPending && save.variables?.action === action;
  const status = saved?.status ?? 'draft';

  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Space wrap>
            <Typography.Text strong data-testid="lead-form-title">
              {saved ? saved.name : t('leadForms.new')}
            </Typography.Text>
            {saved ? <LeadFormStatusTag status={saved.status} /> : null}
          </Space>
        }
        extra={
          <Space wrap>
            {saved && can('lead_form:delete') ? (
              <Button
                danger
                icon={<DeleteOutlined />}
                onClick={() =>
                  modal.confirm({
                    title: t('leadForms.deleteConfirmTitle', { name: saved.name }),
                    content: t('leadForms.deleteConfirmBody'),
                    okText: t('common.delete'),
                    okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
                    cancelText: t('common.cancel'),
                    onOk: () => remove.mutateAsync().catch(() => undefined),
                  })
                }
                data-testid="lead-form-delete"
              >
                {t('common.delete')}
              </Button>
            ) : null}
            {mayEdit && status === 'published' ? (
              <Button danger icon={<StopOutlined />} loading={pending('close')} onClick={() => submit('close')} data-testid="lead-form-close">
                {t('leadForms.actions.close')}
              </Button>
            ) : null}
            {mayEdit ? (
              <Button icon={<SaveOutlined />} type={status === 'published' ? 'primary' : 'default'} loading={pending('save')} onClick={() => submit('save')} data-testid="lead-form-save">
                {t('common.save')}
              </Button>
            ) : null}
            {mayEdit && status !== 'published' ? (
              <Button type="primary" icon={<SendOutlined />} loading={pending('publish')} onClick={() => submit('publish')} data-testid="lead-form-publish">
                {t('leadForms.actions.publish')}
              </Button>
            ) : null}
          </Space>
        }
      >
        <Typography.Text type="secondary">{t('leadForms.builder.hint')}</Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Form form={form} layout="vertical" disabled={!mayEdit} data-testid="lead-form-builder">
            <Flex vertical gap={16}>
              <Card title={t('leadForms.builder.basics')}>
                <Flex gap={16} wrap>
                  <Form.Item name="name" label={t('leadForms.fields.name')} required rules={rules('name')} tooltip={t('leadForms.builder.nameHint')} style={{ flex: '1 1 240px' }}>
                    <Input maxLength={100} data-testid="lead-form-name" />
                  </Form.Item>
                  <Form.Item
                    name="slug"
                    label={t('leadForms.fields.slug')}
                    required
                    rules={rules('slug', { regex: t('leadForms.builder.slugFormat') })}
                    extra={<span data-testid="lead-form-slug-url">{publicUrl(window.location.origin, slug.trim().toLowerCase() || '…')}</span>}
                    style={{ flex: '1 1 240px' }}
                  >
                    <Input maxLength={60} placeholder="expo-2026" data-testid="lead-form-slug" />
                  </Form.Item>
                </Flex>
                <Form.Item name="title" label={t('leadForms.fields.title')} required rules={rules('title')}>
                  <Input maxLength={100} data-testid="lead-form-page-title" />
                </Form.Item>
                <Form.Item name="description" label={t('leadForms.fields.description')} rules={rules('description')}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="lead-form-description" />
                </Form.Item>
                <Flex gap={16} wrap>
                  <Form.Item name="channel" label={t('leadForms.fields.channel')} rules={[{ required: true, message: t('validation.required') }]} style={{ flex: '1 1 200px' }}>
                    <Select options={channels.options(saved?.channel)} placeholder={t('leadForms.builder.channelPlaceholder')} data-testid="lead-form-channel" />
                  </Form.Item>
                  <Form.Item name="campaignId" label={t('leadForms.fields.campaign')} style={{ flex: '1 1 240px' }}>
                    <CampaignSelect
                      keep={saved?.campaignId ? { id: saved.campaignId, name: saved.campaignName ?? '' } : preset.campaignId ? { id: preset.campaignId, name: preset.campaignName ?? '' } : null}
                      onPick={(campaign) => {
                        // A form for a campaign brings its leads through the campaign's channel, unless one is chosen.
                        if (campaign?.channel && !form.getFieldValue('channel')) form.setFieldValue('channel', campaign.channel);
                      }}
                      placeholder={t('leadForms.builder.campaignPlaceholder')}
                      style={{ width: '100%' }}
                      data-testid="lead-form-campaign"
                    />
                  </Form.Item>
                </Flex>
              </Card>
              <Card title={t('leadForms.builder.fields')}>
                <FieldListEditor fields={fields} onChange={changeFields} lang={lang} listErrors={issues.list} rowErrors={issues.rows} disabled={!mayEdit} />
              </Card>
              <Card title={t('leadForms.builder.after')}>
                <Form.Item name="consentText" label={t('leadForms.fields.consentText')} rules={rules('consentText')} extra={t('leadForms.builder.consentHint')}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="lead-form-consent" />
                </Form.Item>
                <Form.Item name="thankYouMessage" label={t('leadForms.fields.thankYouMessage')} required rules={rules('thankYouMessage')}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="lead-form-thanks" />
                </Form.Item>
                <Form.Item name="redirectUrl" label={t('leadForms.fields.redirectUrl')} rules={rules('redirectUrl')} extra={t('leadForms.builder.redirectHint')}>
                  <Input maxLength={500} placeholder="https://www.example.com/thanks" data-testid="lead-form-redirect" />
                </Form.Item>
                <Form.Item name="allowedOrigins" label={t('leadForms.fields.allowedOrigins')} extra={t('leadForms.builder.originsHint')} style={{ marginBottom: 0 }}>
                  <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ']} placeholder="https://www.example.com" data-testid="lead-form-origins" />
                </Form.Item>
              </Card>
            </Flex>
          </Form>
        </Col>
        <Col xs={24} xl={10}>
          <div style={{ position: 'sticky', top: 16 }}>
            <FormPreview title={title} description={description} fields={fields} consentText={consentText} />
          </div>
        </Col>
      </Row>
      {saved ? <EmbedCard form={saved} /> : null}
      {saved ? <SubmissionsCard formId={saved.id} /> : null}
    </Flex>
  );
}

const NO_PRESET: Preset = { campaignId: null, campaignName: null, channel: null };

/** A new form preset with the campaign of `?campaignId=` (its channel too). */
function NewLeadForm({ campaignId }: { campaignId: string }) {
  const campaign = useCampaign(campaignId);
  const c = campaign.data;
  const [preset, setPreset] = useState<Preset | null>(null);
  useEffect(() => {
    if (c) setPreset({ campaignId: c.id, campaignName: c.name, channel: c.channel });
    else if (campaign.isError) setPreset(NO_PRESET);
  }, [c, campaign.isError]);
  if (!preset) return <LoadingState />;
  return <LeadFormEditor saved={null} preset={preset} />;
}

/** 获客表单: a new form (/lead-forms/new, `?campaignId=` presets the campaign) or a saved one with its link, embed code and submissions. */
export function LeadFormEditorPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const can = useCan();
  const query = useLeadForm(id);
  const saved = query.data ?? null;
  useDocumentTitle(saved ? saved.name : t('leadForms.title'));
  const presetCampaign = !id && can('campaign:read') ? params.get('campaignId') : null;
  const breadcrumb = <Breadcrumb style={{ marginBottom: 12 }} items={[{ title: <Link to="/lead-forms">{t('leadForms.title')}</Link> }, { title: id ? (saved?.name ?? '…') : t('leadForms.new') }]} />;
  if (id && query.isPending) return <LoadingState />;
  if (id && (query.isError || !saved)) {
    return (
      <div className="kehu-page">
        {breadcrumb}
        <Card>
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        </Card>
      </div>
    );
  }
  return (
    <div className="kehu-page" data-testid="lead-form-editor">
      {breadcrumb}
      {saved ? (
        <LeadFormEditor key={`${saved.id}:${saved.version}`} saved={saved} preset={NO_PRESET} />
      ) : presetCampaign ? (
        <NewLeadForm campaignId={presetCampaign} />
      ) : (
        <LeadFormEditor key="new" saved={null} preset={NO_PRESET} />
      )}
    </div>
  );
}

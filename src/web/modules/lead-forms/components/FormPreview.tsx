import { Button, Card, Checkbox, Flex, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QUALIFYING_KEYS, type FormField, type FormFieldKey } from '../../../../contracts/lead-forms.ts';

type Props = {
  title: string;
  description?: string | null;
  fields: readonly FormField[];
  consentText?: string | null;
};

const QUALIFYING = new Set<FormFieldKey>(QUALIFYING_KEYS);

/** How the visitor will see the form (drawn here from the field list; the real page is the server's). Nothing in it can be typed into. */
export function FormPreview({ title, description, fields, consentText }: Props) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('leadForms.preview.title')} data-testid="lead-form-preview">
      <div style={{ maxWidth: 520, margin: '0 auto', padding: '8px 4px' }} aria-readonly>
        <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="lead-form-preview-title">
          {title.trim() || t('leadForms.preview.untitled')}
        </Typography.Title>
        {description?.trim() ? (
          <Typography.Paragraph type="secondary" className="kehu-pre-line">
            {description}
          </Typography.Paragraph>
        ) : null}
        <Flex vertical gap={12}>
          {fields.map((f) => (
            <div key={f.key} data-testid={`lead-form-preview-${f.key}`}>
              <div style={{ fontWeight: 500, marginBottom: 4 }}>
                {f.label.trim() || '—'}
                {f.required ? <span style={{ color: '#ff4d4f', marginInlineStart: 2 }}>*</span> : null}
              </div>
              {f.key === 'needs' ? (
                <Input.TextArea disabled rows={3} />
              ) : QUALIFYING.has(f.key) || f.key === 'provinceCode' ? (
                <Select disabled placeholder={t('leadForms.preview.choose')} style={{ width: '100%' }} />
              ) : (
                <Input disabled />
              )}
            </div>
          ))}
          {consentText?.trim() ? (
            <Checkbox disabled data-testid="lead-form-preview-consent">
              {consentText}
            </Checkbox>
          ) : null}
          <Button type="primary" block disabled>
            {t('leadForms.preview.submit')}
          </Button>
        </Flex>
      </div>
    </Card>
  );
}

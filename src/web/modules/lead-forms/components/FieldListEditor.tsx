import { Alert, Button, Flex, Form, Input, Select, Space, Switch, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FORM_FIELD_LABELS, type FormField, type FormFieldKey } from '../../../../contracts/lead-forms.ts';
import { useLabel } from '../../customers/hooks.ts';
import { addField, availableKeys, moveField, removeField, updateField, type Lang } from '../formBuilder.ts';

type Props = {
  fields: readonly FormField[];
  onChange: (fields: FormField[]) => void;
  lang: Lang;
  /** The server's issues on the whole list and on single rows (by index). */
  listErrors: readonly string[];
  rowErrors: ReadonlyMap<number, readonly string[]>;
  disabled?: boolean;
};

/** The fields a form asks: picked from the lead fields, each with its label, 必填, order. */
export function FieldListEditor({ fields, onChange, lang, listErrors, rowErrors, disabled }: Props) {
  const { t } = useTranslation();
  const label = useLabel();
  const left = availableKeys(fields);
  return (
    <Flex vertical gap={8} data-testid="lead-form-fields">
      {listErrors.length ? <Alert type="error" showIcon title={listErrors.join('; ')} data-testid="lead-form-fields-error" /> : null}
      {fields.map((f, i) => {
        const errors = rowErrors.get(i);
        return (
          <Form.Item key={f.key} style={{ marginBottom: 0 }} validateStatus={errors?.length ? 'error' : undefined} help={errors?.length ? errors.join('; ') : undefined}>
            <Flex gap={8} align="center" wrap data-testid={`lead-form-field-${f.key}`}>
              <Typography.Text type="secondary" style={{ width: 120 }} ellipsis>
                {label(FORM_FIELD_LABELS[f.key])}
              </Typography.Text>
              <Input
                value={f.label}
                maxLength={50}
                onChange={(e) => onChange(updateField(fields, i, { label: e.target.value }))}
                placeholder={FORM_FIELD_LABELS[f.key][lang]}
                aria-label={t('leadForms.builder.fieldLabel')}
                style={{ flex: '1 1 200px', minWidth: 160 }}
                disabled={disabled}
                data-testid={`lead-form-field-${f.key}-label`}
              />
              <Space size={4}>
                <Switch size="small" checked={f.required} onChange={(required) => onChange(updateField(fields, i, { required }))} disabled={disabled} data-testid={`lead-form-field-${f.key}-required`} />
                <Typography.Text>{t('leadForms.builder.required')}</Typography.Text>
              </Space>
              <Space size={0}>
                <Tooltip title={t('leadForms.builder.moveUp')}>
                  <Button type="text" size="small" icon={<ArrowUpOutlined />} aria-label={t('leadForms.builder.moveUp')} disabled={disabled || i === 0} onClick={() => onChange(moveField(fields, i, -1))} data-testid={`lead-form-field-${f.key}-up`} />
                </Tooltip>
                <Tooltip title={t('leadForms.builder.moveDown')}>
                  <Button
                    type="text"
                    size="small"
                    icon={<ArrowDownOutlined />}
                    aria-label={t('leadForms.builder.moveDown')}
                    disabled={disabled || i === fields.length - 1}
                    onClick={() => onChange(moveField(fields, i, 1))}
                    data-testid={`lead-form-field-${f.key}-down`}
                  />
                </Tooltip>
                <Tooltip title={t('leadForms.builder.removeField')}>
                  <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('leadForms.builder.removeField')} disabled={disabled} onClick={() => onChange(removeField(fields, i))} data-testid={`lead-form-field-${f.key}-remove`} />
                </Tooltip>
              </Space>
            </Flex>
          </Form.Item>
        );
      })}
      {left.length && !disabled ? (
        <Select<FormFieldKey>
          value={null}
          onChange={(key) => onChange(addField(fields, key, lang))}
          placeholder={t('leadForms.builder.addField')}
          options={left.map((k) => ({ value: k, label: label(FORM_FIELD_LABELS[k]) }))}
          style={{ width: 260 }}
          data-testid="lead-form-add-field"
        />
      ) : null}
      <Typography.Text type="secondary">{t('leadForms.builder.fieldsHint')}</Typography.Text>
    </Flex>
  );
}

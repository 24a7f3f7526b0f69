import { Form, Input, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { createIndustryBody, type Industry } from '../../../../contracts/catalog.ts';
import { emptyToNull, zodRule } from '../../../app/validation.ts';
import { catalogKeys } from '../../customers/customers.api.ts';
import { useIndustries } from '../../customers/hooks.ts';
import { createIndustry, updateIndustry, type UpdateIndustryBody } from '../settings.api.ts';
import { CatalogListTab } from './CatalogListTab.tsx';
import type { CatalogNameValues } from './CatalogFormModal.tsx';

type Values = CatalogNameValues & { code: string; section?: string };

const initial = (i: Industry | null): Values =>
  i ? { code: i.code, nameZh: i.nameZh, nameEn: i.nameEn, section: i.section ?? '', sortOrder: i.sortOrder } : { code: '', nameZh: '', nameEn: '', section: '', sortOrder: 1000 };

const sectionOf = (v: Values) => emptyToNull(v.section)?.toUpperCase() ?? null;

const create = (v: Values) =>
  createIndustry({ code: v.code.trim().toUpperCase(), nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), section: sectionOf(v), sortOrder: v.sortOrder ?? 0 });

const changes = (i: Industry, v: Values) => (sectionOf(v) !== i.section ? { section: sectionOf(v) } : {});

/** 所属行业: codes are part of customer numbers, so an industry is retired, never deleted or recoded. */
export function IndustriesTab() {
  const { t } = useTranslation();
  const industries = useIndustries();
  const codeColumn: TableColumnsType<Industry> = [
    { key: 'code', dataIndex: 'code', title: t('customerSettings.industries.code'), width: 110, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
  ];
  const sectionColumn: TableColumnsType<Industry> = [
    { key: 'section', dataIndex: 'section', title: t('customerSettings.industries.section'), width: 90, render: (v: string | null) => v ?? <span className="kehu-muted">—</span> },
  ];
  return (
    <CatalogListTab<Industry, Values, UpdateIndustryBody>
      kind="industry"
      list={industries}
      queryKey={catalogKeys.industries}
      idOf={(i) => i.code}
      patch={(i, body) => updateIndustry(i.code, body)}
      changes={changes}
      leadingColumns={codeColumn}
      middleColumns={sectionColumn}
      widths={{ sortOrder: 90 }}
      schema={createIndustryBody.shape}
      maxLength={{ nameZh: 50, nameEn: 100 }}
      initial={initial}
      create={create}
      editTitle={(i) => t('customerSettings.industries.editTitle', { code: i.code })}
      leadingFields={(editing) => (
        <Form.Item
          name="code"
          label={t('customerSettings.industries.code')}
          extra={editing ? t('customerSettings.industries.codePermanent') : t('customerSettings.industries.codeHint')}
          required={!editing}
          rules={editing ? [] : [zodRule(createIndustryBody.shape.code, t, { regex: t('customerSettings.industries.codeFormat') })]}
          normalize={(v: string) => v.toUpperCase()}
        >
          <Input maxLength={8} disabled={editing} autoComplete="off" data-testid="industry-form-code" />
        </Form.Item>
      )}
      trailingFields={
        <Form.Item
          name="section"
          label={t('customerSettings.industries.section')}
          extra={t('customerSettings.industries.sectionHint')}
          normalize={(v: string) => v.toUpperCase()}
          rules={[{ pattern: /^[A-Za-z]?$/, message: t('customerSettings.industries.sectionFormat') }]}
        >
          <Input maxLength={1} style={{ width: 80 }} data-testid="industry-form-section" />
        </Form.Item>
      }
    />
  );
}

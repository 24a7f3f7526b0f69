import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, SALES_REGION_LABELS, SALES_REGIONS, type LifecycleStage, type SalesRegion } from '../../../../contracts/vocabulary.ts';
import { useIndustries, useLabel } from '../hooks.ts';

type Values = { stage?: LifecycleStage | undefined; industryCode?: string | undefined; region?: SalesRegion | undefined };

/** The stage, industry and region filters every customer list (customers, public pool) offers. */
export function CustomerFilterFields({ values, onChange, testIdPrefix }: { values: Values; onChange: (patch: { [K in keyof Values]?: string | null }) => void; testIdPrefix: string }) {
  const { t } = useTranslation();
  const label = useLabel();
  const industries = useIndustries();
  return (
    <>
      <Select<LifecycleStage>
        value={values.stage}
        onChange={(v) => onChange({ stage: v })}
        placeholder={t('customers.filterStage')}
        allowClear
        style={{ width: 120 }}
        options={LIFECYCLE_STAGES.map((s) => ({ value: s, label: label(LIFECYCLE_STAGE_LABELS[s]) }))}
        data-testid={`${testIdPrefix}-stage`}
      />
      <Select<string>
        value={values.industryCode}
        onChange={(v) => onChange({ industryCode: v })}
        placeholder={t('customers.filterIndustry')}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 180 }}
        options={industries.options}
        loading={industries.query.isPending}
        data-testid={`${testIdPrefix}-industry`}
      />
      <Select<SalesRegion>
        value={values.region}
        onChange={(v) => onChange({ region: v })}
        placeholder={t('customers.filterRegion')}
        allowClear
        style={{ width: 140 }}
        options={SALES_REGIONS.map((r) => ({ value: r, label: label(SALES_REGION_LABELS[r]) }))}
        data-testid={`${testIdPrefix}-region`}
      />
    </>
  );
}

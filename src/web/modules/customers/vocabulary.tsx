import { Tag, Typography } from 'antd';
import type { Customer } from '../../../contracts/customers.ts';
import { LIFECYCLE_STAGE_LABELS, SALES_REGION_LABELS, type CustomerKind, CUSTOMER_KIND_LABELS, type LifecycleStage } from '../../../contracts/vocabulary.ts';
import { useLabel } from './hooks.ts';

export const STAGE_COLORS: Record<LifecycleStage, string> = {
  potential: 'default',
  intent: 'processing',
  customer: 'success',
  lost: 'error',
};

export function StageTag({ stage }: { stage: LifecycleStage }) {
  const label = useLabel();
  return (
    <Tag color={STAGE_COLORS[stage]} data-testid="customer-stage" style={{ marginInlineEnd: 0 }}>
      {label(LIFECYCLE_STAGE_LABELS[stage])}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: CustomerKind }) {
  const label = useLabel();
  return (
    <Tag color={kind === 'company' ? 'blue' : 'purple'} bordered={false} style={{ marginInlineEnd: 0 }}>
      {label(CUSTOMER_KIND_LABELS[kind])}
    </Tag>
  );
}

export function CustomerTags({ tags }: { tags: { id: string; name: string; color: string }[] }) {
  if (tags.length === 0) return <span className="kehu-muted">—</span>;
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {tags.map((t) => (
        <Tag key={t.id} color={t.color} style={{ marginInlineEnd: 0 }}>
          {t.name}
        </Tag>
      ))}
    </span>
  );
}

/** Sales region and province / city / district of a customer, as lists show them. */
export function RegionText({ customer: c }: { customer: Pick<Customer, 'region' | 'divisionPath'> }) {
  const label = useLabel();
  if (!c.region && !c.divisionPath) return <span className="kehu-muted">—</span>;
  return (
    <span>
      {c.region ? label(SALES_REGION_LABELS[c.region]) : null}
      {c.divisionPath ? <Typography.Text type="secondary"> · {c.divisionPath}</Typography.Text> : null}
    </span>
  );
}

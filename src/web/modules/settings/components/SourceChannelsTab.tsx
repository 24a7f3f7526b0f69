import { Form, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { createSourceChannelBody, type SourceChannel } from '../../../../contracts/catalog.ts';
import { catalogKeys } from '../../customers/customers.api.ts';
import { useSourceChannels } from '../../customers/hooks.ts';
import { createSourceChannel, updateSourceChannel, type UpdateSourceChannelBody } from '../settings.api.ts';
import { CatalogListTab } from './CatalogListTab.tsx';
import type { CatalogNameValues } from './CatalogFormModal.tsx';

type Values = CatalogNameValues & { synonyms: string[] };

const initial = (c: SourceChannel | null): Values =>
  c ? { nameZh: c.nameZh, nameEn: c.nameEn, synonyms: c.synonyms, sortOrder: c.sortOrder } : { nameZh: '', nameEn: '', synonyms: [], sortOrder: null };

const create = (v: Values) =>
  createSourceChannel({ nameZh: v.nameZh.trim(), nameEn: v.nameEn.trim(), synonyms: v.synonyms, ...(v.sortOrder !== null ? { sortOrder: v.sortOrder } : {}) });

const changes = (c: SourceChannel, v: Values) => (JSON.stringify(v.synonyms) !== JSON.stringify(c.synonyms) ? { synonyms: v.synonyms } : {});

/**
 * 来源渠道: the key is stored on customers and leads, so a channel is retired, never deleted. Its
 * synonyms are the other names teams use for it; imports match them.
 */
export function SourceChannelsTab() {
  const { t } = useTranslation();
  const channels = useSourceChannels();
  const synonymsColumn: TableColumnsType<SourceChannel> = [
    {
      key: 'synonyms',
      title: t('customerSettings.channels.synonyms'),
      render: (_v, c) => (c.synonyms.length ? c.synonyms.map((s) => <Tag key={s}>{s}</Tag>) : <span className="kehu-muted">—</span>),
    },
  ];
  return (
    <CatalogListTab<SourceChannel, Values, UpdateSourceChannelBody>
      kind="channel"
      list={channels}
      queryKey={catalogKeys.sourceChannels}
      idOf={(c) => c.key}
      patch={(c, body) => updateSourceChannel(c.key, body)}
      changes={changes}
      middleColumns={synonymsColumn}
      widths={{ nameZh: 160, nameEn: 160, sortOrder: 80 }}
      schema={createSourceChannelBody.shape}
      maxLength={{ nameZh: 30, nameEn: 60 }}
      initial={initial}
      create={create}
      editTitle={(c) => t('customerSettings.channels.editTitle', { name: c.nameZh })}
      trailingFields={
        <Form.Item name="synonyms" label={t('customerSettings.channels.synonyms')} extra={t('customerSettings.channels.synonymsHint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', '、']} data-testid="channel-form-synonyms" />
        </Form.Item>
      }
    />
  );
}

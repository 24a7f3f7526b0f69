import { useEffect, type ReactNode } from 'react';
import { App, Form, Input, InputNumber, Modal } from 'antd';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import type { CatalogEntry } from './CatalogListTab.tsx';

/** What every catalogue form edits: the two names and the place in lists. */
export type CatalogNameValues = { nameZh: string; nameEn: string; sortOrder: number | null };

/** The admin-managed lists: their test id prefix and tab, and their texts (each namespace has the same keys, checked by the i18n types). */
export const CATALOG_KINDS = {
  channel: { testId: 'channel', tabTestId: 'settings-channels', texts: 'customerSettings.channels' },
  industry: { testId: 'industry', tabTestId: 'settings-industries', texts: 'customerSettings.industries' },
} as const;
export type CatalogKind = keyof typeof CATALOG_KINDS;

/** An update body: the version it starts from and what changed. */
export type CatalogPatch = { version: number; active?: boolean; nameZh?: string; nameEn?: string; sortOrder?: number };

export type CatalogFormTarget<T> = { mode: 'create' } | { mode: 'edit'; entry: T };

/** The changed names and sort order of `entry` (trimmed), for the update body. */
function nameChanges(entry: CatalogEntry, v: CatalogNameValues): Partial<Pick<CatalogEntry, 'nameZh' | 'nameEn' | 'sortOrder'>> {
  const out: Partial<Pick<CatalogEntry, 'nameZh' | 'nameEn' | 'sortOrder'>> = {};
  if (v.nameZh.trim() !== entry.nameZh) out.nameZh = v.nameZh.trim();
  if (v.nameEn.trim() !== entry.nameEn) out.nameEn = v.nameEn.trim();
  if ((v.sortOrder ?? 0) !== entry.sortOrder) out.sortOrder = v.sortOrder ?? 0;
  return out;
}

export type CatalogFormProps<T extends CatalogEntry, V extends CatalogNameValues, B extends CatalogPatch> = {
  /** Which list: the test ids (`{testId}-form`, `{testId}-form-nameZh`…) and texts. */
  kind: CatalogKind;
  queryKey: QueryKey;
  schema: { nameZh: z.ZodType; nameEn: z.ZodType };
  maxLength: { nameZh: number; nameEn: number };
  initial: (entry: T | null) => V;
  create: (values: V) => Promise<unknown>;
  /** Saves changes to an entry (the form's, or retiring and restoring it). */
  patch: (entry: T, body: B) => Promise<T>;
  /** What changed besides the names and sort order. */
  changes?: (entry: T, values: V) => Omit<Partial<B>, keyof CatalogPatch>;
  editTitle: (entry: T) => string;
  /** Fields above the names (a permanent code). */
  leadingFields?: (editing: boolean) => ReactNode;
  /** Fields between the names and the sort order (synonyms, a section). */
  trailingFields?: ReactNode;
};

/** Adds or edits an entry of an admin-managed list (industries, source channels). */
export function CatalogFormModal<T extends CatalogEntry, V extends CatalogNameValues, B extends CatalogPatch>({
  target,
  onClose,
  ...p
}: CatalogFormProps<T, V, B> & { target: CatalogFormTarget<T> | null; onClose: () => void }) {
  const { testId, texts } = CATALOG_KINDS[p.kind];
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const { initial } = p;

  useEffect(() => {
    if (target) {
      form.resetFields();
      form.setFieldsValue(initial(target.mode === 'edit' ? target.entry : null));
    }
  }, [target, form, initial]);

  const mutation = useMutation({
    mutationFn: async (values: V) => {
      if (!target) return 'unchanged' as const;
      if (target.mode === 'create') {
        await p.create(values);
        return 'created' as const;
      }
      const body = { version: target.entry.version, ...nameChanges(target.entry, values), ...p.changes?.(target.entry, values) };
      if (Object.keys(body).length === 1) return 'unchanged' as const;
      await p.patch(target.entry, body as B);
      return 'updated' as const;
    },
    onSuccess: (result) => {
      if (result === 'created') void message.success(t(`${texts}.created`));
      else if (result === 'updated') void message.success(t('common.saved'));
      else void message.info(t('common.noChanges'));
      void client.invalidateQueries({ queryKey: p.queryKey });
      onClose();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [p.queryKey], onConflict: onClose }),
  });

  const editing = target?.mode === 'edit';
  return (
    <Modal
      open={!!target}
      onCancel={onClose}
      title={editing ? p.editTitle(target.entry) : t(`${texts}.createTitle`)}
      destroyOnHidden
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={withTestId({ loading: mutation.isPending }, `${testId}-form-submit`)}
      data-testid={`${testId}-form`}
    >
      <Form<V> form={form} layout="vertical" onFinish={(values) => mutation.mutate(values)}>
        {p.leadingFields?.(editing)}
        <Form.Item name="nameZh" label={t(`${texts}.nameZh`)} required rules={[zodRule(p.schema.nameZh, t)]}>
          <Input maxLength={p.maxLength.nameZh} data-testid={`${testId}-form-nameZh`} />
        </Form.Item>
        <Form.Item name="nameEn" label={t(`${texts}.nameEn`)} required rules={[zodRule(p.schema.nameEn, t)]}>
          <Input maxLength={p.maxLength.nameEn} data-testid={`${testId}-form-nameEn`} />
        </Form.Item>
        {p.trailingFields}
        <Form.Item name="sortOrder" label={t(`${texts}.sortOrder`)} extra={t(`${texts}.sortOrderHint`)}>
          <InputNumber min={0} max={100000} precision={0} data-testid={`${testId}-form-sortOrder`} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

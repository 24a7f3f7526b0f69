import { Alert, App, Col, DatePicker, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { createQuoteBody, type QuoteDetail } from '../../../../contracts/quotes.ts';
import type { LineItem } from '../../../../contracts/sales.ts';
import { initialEditValues, linesFromItems, quoteChanges, toCreateBody, type QuoteValues } from '../quoteForm.ts';
import { useCan } from '../../../app/session.tsx';
import { FormDrawer } from '../../../ui/FormDrawer.tsx';
import { LoadingState } from '../../../ui/StateViews.tsx';
import { useZodRules } from '../../../ui/zodRule.ts';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { createQuote, getOpportunity, quotesKeys, updateQuote } from '../quotes.api.ts';
import { QuoteLinesEditor } from './QuoteLinesEditor.tsx';

/**
 * New quote from an opportunity (its lines prefilled: given by the caller, or read from the
 * opportunity; should that fail, the server copies them), or a draft edited.
 */
export type QuoteFormTarget =
  | {
      mode: 'create';
      opportunityId: string;
      opportunityName?: string;
      currency?: string;
      items?: readonly LineItem[];
      /** The opportunity's customer and contact when the caller has them; else they are read with the opportunity. */
      customerId?: string;
      contactId?: string | null;
    }
  | { mode: 'edit'; quote: QuoteDetail };

const DEFAULT_VALIDITY_DAYS = 30;

export function QuoteFormDrawer({ target, onClose, onSaved }: { target: QuoteFormTarget | null; onClose: () => void; onSaved?: (q: QuoteDetail) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<QuoteValues>();
  const client = useQueryClient();
  const rules = useZodRules(createQuoteBody.shape);
  const can = useCan();
  const editing = target?.mode === 'edit' ? target.quote : null;
  const creating = target?.mode === 'create' ? target : null;
  const opportunity = useQuery({
    queryKey: quotesKeys.opportunity(creating?.opportunityId ?? ''),
    queryFn: ({ signal }) => getOpportunity(creating?.opportunityId ?? '', signal),
    enabled: !!creating && (!creating.items || !creating.customerId) && can('opportunity:read'),
  });
  const waiting = !!creating && !creating.items && opportunity.isPending && opportunity.fetchStatus !== 'idle';
  const sourceItems = creating ? (creating.items ?? opportunity.data?.items ?? []) : [];
  const withLines = !!editing || sourceItems.length > 0;
  const currency = editing?.currency ?? creating?.currency ?? opportunity.data?.currency ?? 'CNY';
  const name = creating?.opportunityName ?? opportunity.data?.name;
  const customerId = editing?.customerId ?? creating?.customerId ?? opportunity.data?.customerId ?? null;
  const contacts = useQuery({
    queryKey: customersKeys.contacts(customerId ?? ''),
    queryFn: ({ signal }) => listContacts(customerId ?? '', signal),
    enabled: !!target && !!customerId && can('contact:read'),
  });
  const contactOptions = (contacts.data?.items ?? []).map((c) => ({ value: c.id, label: c.title ? t('followUps.contactWithTitle', { name: c.name, title: c.title }) : c.name }));
  // The quote's contact stays choosable even when the contact list cannot be read.
  if (editing?.contactId && editing.contactName && !contactOptions.some((o) => o.value === editing.contactId)) contactOptions.push({ value: editing.contactId, label: editing.contactName });

  const initialValues = (): Partial<QuoteValues> => {
    if (!target) return {};
    if (target.mode === 'edit') return initialEditValues(target.quote);
    return {
      title: name,
      validUntil: dayjs().add(DEFAULT_VALIDITY_DAYS, 'day').format('YYYY-MM-DD'),
      // The opportunity's contact, as the server would take it.
      contactId: target.contactId !== undefined ? target.contactId : (opportunity.data?.contactId ?? null),
      items: linesFromItems(sourceItems),
    };
  };

  const save = async (v: QuoteValues) => {
    if (!target) return null;
    if (target.mode === 'edit') {
      const body = quoteChanges(target.quote, v);
      return body ? updateQuote(target.quote.id, body) : null;
    }
    return createQuote(toCreateBody(target.opportunityId, v, withLines));
  };

  const afterSave = (saved: QuoteDetail | null) => {
    if (!saved) {
      void message.info(t('common.noChanges'));
      return;
    }
    void message.success(editing ? t('common.saved') : t('quotes.created', { number: saved.number }));
    client.setQueryData(quotesKeys.detail(saved.id), saved);
    void client.invalidateQueries({ queryKey: quotesKeys.all });
    onSaved?.(saved);
  };

  return (
    <FormDrawer<QuoteValues, QuoteDetail | null>
      form={form}
      open={!!target}
      onClose={onClose}
      record={target}
      // The new quote's lines come from the opportunity: the form is filled once it is read.
      ready={!waiting}
      placeholder={<LoadingState />}
      initialValues={initialValues}
      title={editing ? t('quotes.editTitle', { number: editing.number }) : t('quotes.createTitle')}
      size={920}
      testId="quote-form"
      submitText={editing ? t('common.save') : t('quotes.create')}
      onSubmit={save}
      onSaved={afterSave}
      errorOptions={{ conflictKeys: [quotesKeys.all] }}
    >
      <Row gutter={16}>
        <Col xs={24} sm={16}>
          <Form.Item name="title" label={t('quotes.fields.title')} rules={rules('title')}>
            <Input maxLength={200} placeholder={t('quotes.titlePlaceholder')} data-testid="quote-form-title" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="validUntil"
            label={t('quotes.fields.validUntil')}
            required
            rules={[{ required: true, message: t('validation.required') }]}
            getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : null })}
            normalize={(d: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined)}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="quote-form-validUntil" />
          </Form.Item>
        </Col>
      </Row>
      {customerId ? (
        <Form.Item name="contactId" label={t('quotes.fields.contact')}>
          <Select<string>
            allowClear
            options={contactOptions}
            loading={contacts.isPending && contacts.fetchStatus !== 'idle'}
            placeholder={t('quotes.selectContact')}
            notFoundContent={t('quotes.noContacts')}
            data-testid="quote-form-contact"
          />
        </Form.Item>
      ) : null}
      {withLines ? (
        <Form.Item label={t('quotes.fields.items')} required>
          <QuoteLinesEditor form={form} currency={currency} />
        </Form.Item>
      ) : (
        <Alert type="info" showIcon title={t('quotes.linesCopied')} style={{ marginBottom: 16 }} />
      )}
      <Form.Item name="terms" label={t('quotes.fields.terms')} rules={rules('terms')}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} placeholder={t('quotes.termsPlaceholder')} data-testid="quote-form-terms" />
      </Form.Item>
      <Form.Item name="notes" label={t('quotes.fields.notes')} rules={rules('notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </FormDrawer>
  );
}

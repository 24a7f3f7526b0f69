import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { Alert, App, Checkbox, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { quoteSendBody, type QuoteDetail, type QuoteSendResult } from '../../../../contracts/quotes.ts';
import { useApiErrorHandler } from '../../../app/errors.ts';
import { useCan } from '../../../app/session.tsx';
import { zodRule } from '../../../app/validation.ts';
import { withTestId } from '../../../ui/testId.ts';
import { customersKeys, listContacts } from '../../customers/customers.api.ts';
import { getQuoteMailDraft, quotesKeys, sendQuote } from '../quotes.api.ts';

type Values = { mail: boolean; contactId: string | null; ccOwner: boolean; subject: string; message: string };

const shape = quoteSendBody.shape;

/**
 * 发送报价单: to whom (the quote's contact by default, which is the opportunity's), with the
 * subject and text the server drafts for that contact (editable; a new contact redrafts what the
 * user has not changed), a copy to the owner; or only marking it sent when it went another way.
 * A contact without an e-mail address is said at once, with the way to add one.
 */
export function SendQuoteModal({ quote, open, onClose, onSent }: { quote: QuoteDetail; open: boolean; onClose: () => void; onSent?: (sent: QuoteSendResult) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [form] = Form.useForm<Values>();
  const mail = Form.useWatch('mail', form) ?? true;
  const contactId = (Form.useWatch('contactId', form) as string | null | undefined) ?? quote.contactId;

  const contacts = useQuery({
    queryKey: customersKeys.contacts(quote.customerId),
    queryFn: ({ signal }) => listContacts(quote.customerId, signal),
    enabled: open && can('contact:read'),
  });
  const draft = useQuery({
    queryKey: quotesKeys.mailDraft(quote.id, contactId),
    queryFn: ({ signal }) => getQuoteMailDraft(quote.id, contactId, signal),
    enabled: open && !!contactId,
  });

  // What the last draft put in: a field still holding it (or empty) was not written by the user.
  // (Touched does not tell: setting a value from code marks the field touched too.)
  const drafted = useRef<{ subject?: string; message?: string }>({});
  useEffect(() => {
    if (!open) return;
    drafted.current = {};
    form.resetFields();
    form.setFieldsValue({ mail: true, contactId: quote.contactId, ccOwner: true });
  }, [open, quote.id, quote.contactId, form]);

  // The draft of the chosen contact fills what the user has not written themselves.
  useEffect(() => {
    const d = draft.data;
    if (!open || !d) return;
    const patch: Partial<Values> = {};
    const current = form.getFieldsValue(['subject', 'message']) as Partial<Values>;
    if (!current.subject || current.subject === drafted.current.subject) patch.subject = d.subject;
    if (!current.message || current.message === drafted.current.message) patch.message = d.message;
    drafted.current = { subject: d.subject, message: d.message };
    form.setFieldsValue(patch);
  }, [open, draft.data, form]);

  const send = useMutation({
    mutationFn: (v: Values) =>
      sendQuote(
        quote.id,
        v.mail
          ? { version: quote.version, mail: true, ...(v.contactId ? { contactId: v.contactId } : {}), ccOwner: v.ccOwner, subject: v.subject, message: v.message }
          : { version: quote.version, mail: false, ...(v.contactId ? { contactId: v.contactId } : {}) },
      ),
    onSuccess: (sent) => {
      const { mail: written, ...detail } = sent;
      client.setQueryData(quotesKeys.detail(sent.id), detail);
      void client.invalidateQueries({ queryKey: quotesKeys.all });
      if (!written) void message.success(t('quotes.send.markedSent', { number: sent.number }));
      else if (written.status === 'unsent') void message.warning(t('quotes.send.unsent', { number: sent.number, to: written.to }), 8);
      else void message.success(t('quotes.send.sent', { number: sent.number, to: written.to }));
      onSent?.(sent);
      onClose();
    },
    onError: (err) => handleError(err, { form, conflictKeys: [quotesKeys.detail(quote.id)], onConflict: onClose }),
  });

  const d = draft.data;
  const chosen = contacts.data?.items.find((c) => c.id === contactId);
  const contactName = chosen?.name ?? d?.contactName ?? quote.contactName;
  const noEmail = mail && !!contactId && !!d && !d.to;
  const options = (contacts.data?.items ?? []).map((c) => ({
    value: c.id,
    label: c.email ? `${c.name}（${c.email}）` : `${c.name}（${t('quotes.send.noEmailShort')}）`,
  }));
  if (options.length === 0 && quote.contactId && quote.contactName) options.push({ value: quote.contactId, label: quote.contactName });

  return (
    <Modal
      open={open}
      title={t('quotes.send.title', { number: quote.number })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={mail ? t('quotes.send.ok') : t('quotes.send.okMark')}
      okButtonProps={withTestId({ loading: send.isPending, disabled: noEmail || (mail && !contactId) }, 'quote-send-ok')}
      cancelText={t('common.cancel')}
      width={640}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={(v) => send.mutate(v)} initialValues={{ mail: true, contactId: quote.contactId, ccOwner: true }} data-testid="quote-send-modal">
        <Form.Item name="mail">
          <Radio.Group data-testid="quote-send-mode">
            <Radio value data-testid="quote-send-mode-mail">
              {t('quotes.send.byMail')}
            </Radio>
            <Radio value={false} data-testid="quote-send-mode-mark">
              {t('quotes.send.markOnly')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="contactId"
          label={t('quotes.fields.contact')}
          required={mail}
          rules={mail ? [{ required: true, message: t('quotes.send.contactRequired') }] : []}
          extra={mail && d?.to ? <span data-testid="quote-send-to">{t('quotes.send.to', { name: contactName ?? '', email: d.to })}</span> : null}
        >
          <Select<string>
            showSearch={{ optionFilterProp: 'label' }}
            allowClear={!mail}
            placeholder={t('quotes.send.contactPlaceholder')}
            options={options}
            loading={contacts.isFetching}
            notFoundContent={t('quotes.send.noContacts')}
            data-testid="quote-send-contact"
          />
        </Form.Item>
        {noEmail ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="quote-send-no-email"
            title={t('quotes.send.noEmail', { name: contactName ?? '' })}
            description={<Link to={`/customers/${quote.customerId}?tab=contacts`}>{t('quotes.send.addEmail')}</Link>}
          />
        ) : null}
        {mail && !contactId ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('quotes.send.noContact')} data-testid="quote-send-no-contact" /> : null}
        {mail ? (
          <>
            <Form.Item name="ccOwner" valuePropName="checked" extra={d && !d.cc ? t('quotes.send.ownerNoEmail') : null}>
              <Checkbox disabled={!!d && !d.cc} data-testid="quote-send-cc">
                {d?.cc ? t('quotes.send.ccOwnerWith', { email: d.cc }) : t('quotes.send.ccOwner')}
              </Checkbox>
            </Form.Item>
            <Form.Item name="subject" label={t('quotes.send.subject')} required rules={[zodRule(shape.subject.unwrap(), t)]}>
              <Input maxLength={200} data-testid="quote-send-subject" />
            </Form.Item>
            <Form.Item name="message" label={t('quotes.send.message')} required rules={[zodRule(shape.message.unwrap(), t)]} extra={t('quotes.send.attachmentHint', { number: quote.number })}>
              <Input.TextArea autoSize={{ minRows: 6, maxRows: 14 }} maxLength={5000} data-testid="quote-send-message" />
            </Form.Item>
          </>
        ) : null}
        <Typography.Text type="secondary">{t('quotes.send.lockHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}

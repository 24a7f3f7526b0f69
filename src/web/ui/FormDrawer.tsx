import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { App, Button, Drawer, Flex, Form } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useErrorHandling, type SubmitErrorOptions } from './errorHandling.tsx';
import { changedFields } from './formDirty.ts';
import { withTestId } from './testId.ts';
import { useIsPhone } from './useIsPhone.ts';

type Props<V, R> = {
  form: FormInstance<V>;
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  size?: number;
  /** The drawer's test id; its buttons are `<testId>-cancel` and `<testId>-submit`. */
  testId: string;
  submitText: ReactNode;
  /** The values the form shows each time it opens (read when it opens or `record` changes). */
  initialValues?: () => Partial<V>;
  /** The record being edited, if any: a new one refills the form. */
  record?: unknown;
  /** Saves the values; the drawer closes when it resolves (after `onSaved`). */
  onSubmit: (values: V) => Promise<R>;
  onSaved?: (result: R) => void;
  /**
   * A failure the page answers itself (say, a duplicate it offers to create anyway): return
   * true when handled. Anything else goes to the app's handling: per-field details onto the
   * fields, a version conflict as a dialog that closes the drawer, the rest as a message.
   */
  onSubmitError?: (error: unknown, values: V) => boolean;
  errorOptions?: Omit<SubmitErrorOptions, 'form' | 'onConflict'>;
  /** Ask before closing with unsaved changes (default); off for forms whose changes live elsewhere. */
  confirmDiscard?: boolean;
  formProps?: Omit<FormProps<V>, 'form' | 'onFinish' | 'layout' | 'children'>;
  /** Buttons before cancel in the footer. */
  footerExtra?: ReactNode;
  /** Dialogs of the form (outside the form's fields); they may save again with `useFormDrawerSubmission`. */
  dialogs?: ReactNode;
  children: ReactNode;
};

type Submission = { submit: (values: unknown) => void; submitting: boolean };
const SubmissionContext = createContext<Submission>({ submit: () => undefined, submitting: false });

/** For a dialog inside a FormDrawer that saves again (e.g. "create anyway"): the drawer's save and its progress. */
export function useFormDrawerSubmission<V>(): { submit: (values: V) => void; submitting: boolean } {
  return useContext(SubmissionContext);
}

/**
 * A create / edit form in a side drawer: filled when it opens, saved through `onSubmit` with the
 * server's field errors put on the fields, and a question before unsaved changes are thrown away.
 * The page brings the fields (with `zodRule`s from the contract's schema) and the save call.
 */
export function FormDrawer<V extends object, R = unknown>(props: Props<V, R>) {
  const { form, open, onClose, record, confirmDiscard = true } = props;
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const errors = useErrorHandling();
  const initial = useRef<Record<string, unknown>>({});
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const values = latest.current.initialValues?.() ?? {};
    form.setFieldsValue(values);
    initial.current = form.getFieldsValue(true) as Record<string, unknown>;
  }, [open, record, form]);

  const mutation = useMutation({
    mutationFn: (values: V) => latest.current.onSubmit(values),
    onSuccess: (result) => {
      latest.current.onSaved?.(result);
      onClose();
    },
    onError: (error, values) => {
      if (latest.current.onSubmitError?.(error, values)) return;
      errors.handleSubmitError(error, { ...latest.current.errorOptions, form, onConflict: onClose });
    },
  });

  const requestClose = () => {
    const dirty = confirmDiscard && form.isFieldsTouched() && changedFields(initial.current, form.getFieldsValue(true) as Record<string, unknown>).length > 0;
    if (!dirty) {
      onClose();
      return;
    }
    modal.confirm({
      title: t('formDrawer.discardTitle'),
      content: t('formDrawer.discardBody'),
      okText: t('formDrawer.discard'),
      okButtonProps: withTestId({ danger: true }, `${props.testId}-discard`),
      cancelText: t('formDrawer.keepEditing'),
      onOk: onClose,
    });
  };

  return (
    <Drawer
      open={open}
      onClose={requestClose}
      title={props.title}
      size={useIsPhone() ? '100%' : (props.size ?? 520)}
      destroyOnHidden
      data-testid={props.testId}
      footer={
        <Flex justify="flex-end" gap={8}>
          {props.footerExtra}
          <Button onClick={requestClose} data-testid={`${props.testId}-cancel`}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={mutation.isPending} onClick={() => form.submit()} data-testid={`${props.testId}-submit`}>
            {props.submitText}
          </Button>
        </Flex>
      }
    >
      <SubmissionContext.Provider value={{ submit: (values) => mutation.mutate(values as V), submitting: mutation.isPending }}>
        <Form<V> form={form} layout="vertical" scrollToFirstError {...props.formProps} onFinish={(values) => mutation.mutate(values)}>
          {props.children}
        </Form>
        {props.dialogs}
      </SubmissionContext.Provider>
    </Drawer>
  );
}

import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';
import { App, Button, Drawer, Flex, Form, Modal } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useErrorHandling, type SubmitErrorOptions } from './errorHandling.tsx';
import { changedFields } from './formDirty.ts';
import { withTestId } from './testId.ts';
import { useIsPhone } from './useIsPhone.ts';

/** A second way to save (say, "save and add files"): a button between cancel and the submit. */
export type ExtraSubmit = { key: string; text: ReactNode; icon?: ReactNode; testId: string };

/** What `onSaved` returns when the page moved the drawer on itself (say, reopened it on the saved record). */
export const KEEP_OPEN = 'keep-open';

type Props<V, R> = {
  form: FormInstance<V>;
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  /** The drawer's width (520 unless told), or the dialog's with `modal`. */
  size?: number;
  /** The same form in a centred dialog instead of a side drawer, for short forms opened over a page. */
  modal?: boolean;
  /** The drawer's test id; its buttons are `<testId>-cancel` and `<testId>-submit`. */
  testId: string;
  submitText: ReactNode;
  /** The values the form shows each time it opens (read when it opens or `record` changes). */
  initialValues?: () => Partial<V>;
  /** The record being edited, if any: a new one refills the form. */
  record?: unknown;
  /**
   * False while something the initial values need is still loading (a list of stages, the
   * record's source): the form is filled once it turns true, and saving waits until then.
   */
  ready?: boolean;
  /** Shown instead of the form while not `ready`; without it the form shows, its submit disabled. */
  placeholder?: ReactNode;
  /**
   * Saves the values (`action` is the key of the extra submit used, if any); the drawer closes
   * when it resolves, after `onSaved`, unless `onSaved` returns `KEEP_OPEN`.
   */
  onSubmit: (values: V, action?: string) => Promise<R>;
  onSaved?: (result: R, action?: string) => void | typeof KEEP_OPEN;
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
  /** Other ways to save, between cancel and the submit. */
  extraSubmits?: readonly ExtraSubmit[];
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
 * A create / edit form in a side drawer (or a dialog, `modal`): filled when it opens, saved
 * through `onSubmit` with the server's field errors put on the fields, and a question before
 * unsaved changes are thrown away. The page brings the fields (with `zodRule`s from the
 * contract's schema) and the save call.
 */
export function FormDrawer<V extends object, R = unknown>(props: Props<V, R>) {
  const { form, open, onClose, record, ready = true, confirmDiscard = true } = props;
  // Full-screen on a phone: a 520 px drawer would leave no room beside it.
  const isPhone = useIsPhone();
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const errors = useErrorHandling();
  const initial = useRef<Record<string, unknown>>({});
  const latest = useRef(props);
  latest.current = props;

  // The extra submit the next save comes from, read when the form has validated.
  const action = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!open || !ready) return;
    form.resetFields();
    const values = latest.current.initialValues?.() ?? {};
    form.setFieldsValue(values);
    initial.current = form.getFieldsValue(true) as Record<string, unknown>;
  }, [open, record, ready, form]);

  const mutation = useMutation({
    mutationFn: ({ values, action }: { values: V; action?: string }) => latest.current.onSubmit(values, action),
    onSuccess: (result, { action }) => {
      if (latest.current.onSaved?.(result, action) === KEEP_OPEN) return;
      onClose();
    },
    onError: (error, { values }) => {
      if (latest.current.onSubmitError?.(error, values)) return;
      errors.handleSubmitError(error, { ...latest.current.errorOptions, form, onConflict: onClose });
    },
  });

  const requestClose = (e?: { type: string; target: EventTarget | null }) => {
    // Escape pressed to close a select's dropdown reaches the drawer too: it closes the dropdown only.
    if (e?.type === 'keydown' && e.target instanceof Element && e.target.closest('[aria-expanded="true"]')) return;
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

  const submit = (key: string | undefined) => {
    action.current = key;
    form.submit();
  };
  const pendingAction = mutation.isPending ? (mutation.variables.action ?? '') : null;
  const showForm = ready || props.placeholder === undefined;

  const footer = (
    <Flex justify="flex-end" gap={8}>
      {props.footerExtra}
      <Button onClick={() => requestClose()} data-testid={`${props.testId}-cancel`}>
        {t('common.cancel')}
      </Button>
      {props.extraSubmits?.map((extra) => (
        <Button key={extra.key} icon={extra.icon} loading={pendingAction === extra.key} disabled={!ready} onClick={() => submit(extra.key)} data-testid={extra.testId}>
          {extra.text}
        </Button>
      ))}
      <Button type="primary" loading={pendingAction === ''} disabled={!ready} onClick={() => submit(undefined)} data-testid={`${props.testId}-submit`}>
        {props.submitText}
      </Button>
    </Flex>
  );
  const body = (
    <SubmissionContext.Provider value={{ submit: (values) => mutation.mutate({ values: values as V, action: action.current }), submitting: mutation.isPending }}>
      {showForm ? null : props.placeholder}
      <Form<V> form={form} layout="vertical" scrollToFirstError hidden={!showForm} {...props.formProps} onFinish={(values) => mutation.mutate({ values, action: action.current })}>
        {props.children}
      </Form>
      {props.dialogs}
    </SubmissionContext.Provider>
  );

  if (props.modal) {
    return (
      <Modal open={open} onCancel={requestClose} title={props.title} width={props.size ?? 520} destroyOnHidden data-testid={props.testId} footer={footer}>
        {body}
      </Modal>
    );
  }
  return (
    <Drawer open={open} onClose={requestClose} title={props.title} size={isPhone ? '100%' : (props.size ?? 520)} destroyOnHidden data-testid={props.testId} footer={footer}>
      {body}
    </Drawer>
  );
}

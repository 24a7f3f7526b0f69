import { useState } from 'react';
import { App, Button, Flex, Modal, Space, Table, Tooltip, Typography, Upload } from 'antd';
import type { TableColumnsType, UploadFile, UploadProps } from 'antd';
import {
  DeleteOutlined,
  DownloadOutlined,
  EyeOutlined,
  FileExcelOutlined,
  FileImageOutlined,
  FileOutlined,
  FilePdfOutlined,
  FilePptOutlined,
  FileWordOutlined,
  InboxOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ATTACHMENT_ACCEPT, ATTACHMENT_DEFAULT_MAX_MB, isPreviewable, type Attachment, type AttachmentOwnerType } from '../../../../contracts/attachments.ts';
import { describeError, useApiErrorHandler } from '../../../app/errors.ts';
import { ApiError, NETWORK_ERROR } from '../../../app/http.ts';
import { DateTime } from '../../../ui/DateTime.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../../ui/StateViews.tsx';
import { withTestId } from '../../../ui/testId.ts';
import { attachmentsKeys, attachmentUrl, deleteAttachment, listAttachments, uploadAttachment } from '../attachments.api.ts';
import { acceptedName, formatBytes } from '../format.ts';

export interface AttachmentPanelProps {
  ownerType: AttachmentOwnerType;
  ownerId: string;
  /** Whether the user may add and delete files here (the record's edit right); everyone who sees the record may view and download. */
  canUpload: boolean;
}

function FileIcon({ contentType }: { contentType: string }) {
  if (contentType === 'application/pdf') return <FilePdfOutlined style={{ color: '#d4380d' }} />;
  if (contentType.startsWith('image/')) return <FileImageOutlined style={{ color: '#08979c' }} />;
  if (contentType.includes('word')) return <FileWordOutlined style={{ color: '#1d39c4' }} />;
  if (contentType.includes('excel') || contentType.includes('spreadsheet')) return <FileExcelOutlined style={{ color: '#389e0d' }} />;
  if (contentType.includes('powerpoint') || contentType.includes('presentation')) return <FilePptOutlined style={{ color: '#d46b08' }} />;
  return <FileOutlined />;
}

/** Why an upload failed, in the user's language: the server's error codes mapped to our texts, else its (localised) message. */
function uploadErrorText(err: unknown, t: TFunction, name: string, maxMb: number): string {
  if (err instanceof ApiError) {
    if (err.code === 'PAYLOAD_TOO_LARGE') return t('attachments.errors.tooLarge', { name, mb: maxMb });
    if (err.status === 415) return t('attachments.errors.typeNotAllowed', { name });
    if (err.code === NETWORK_ERROR) return t('attachments.errors.network', { name });
    if (err.status === 404) return t('attachments.errors.recordGone');
    if (err.message) return t('attachments.errors.refused', { name, reason: err.message });
  }
  return describeError(err, t);
}

/**
 * 附件: the files of one record (customer, contact, lead, follow-up). Upload by picking or
 * dropping files, with progress; a list with name, size, uploader and time; preview of images and
 * PDF; download; delete with a confirmation. Everyone who sees the record sees its files; adding
 * and deleting needs `canUpload`.
 */
export function AttachmentPanel({ ownerType, ownerId, canUpload }: AttachmentPanelProps) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const handleError = useApiErrorHandler();
  const [uploads, setUploads] = useState<UploadFile[]>([]);
  const [preview, setPreview] = useState<Attachment | null>(null);
  const key = attachmentsKeys.list(ownerType, ownerId);

  const list = useQuery({ queryKey: key, queryFn: ({ signal }) => listAttachments(ownerType, ownerId, signal) });
  const maxBytes = list.data?.maxBytes ?? ATTACHMENT_DEFAULT_MAX_MB * 1024 * 1024;
  const maxMb = Math.round((maxBytes / 1024 / 1024) * 10) / 10;

  const deleteMutation = useMutation({
    mutationFn: (a: Attachment) => deleteAttachment(a.id),
    onSuccess: () => {
      void message.success(t('attachments.deleted'));
      void client.invalidateQueries({ queryKey: key });
    },
    onError: (err) => {
      handleError(err);
      void client.invalidateQueries({ queryKey: key });
    },
  });

  const confirmDelete = (a: Attachment) => {
    modal.confirm({
      title: t('attachments.deleteConfirmTitle', { name: a.fileName }),
      content: t('attachments.deleteConfirmBody'),
      okText: t('common.delete'),
      okButtonProps: withTestId({ danger: true }, 'confirm-ok'),
      cancelText: t('common.cancel'),
      onOk: () => deleteMutation.mutateAsync(a).catch(() => undefined),
    });
  };

  const customRequest: UploadProps['customRequest'] = (options) => {
    const file = options.file as File;
    const controller = new AbortController();
    uploadAttachment(ownerType, ownerId, file, { signal: controller.signal, onProgress: (percent) => options.onProgress?.({ percent }) }).then(
      (created) => options.onSuccess?.(created),
      (err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        const text = uploadErrorText(err, t, file.name, maxMb);
        void message.error(text);
        options.onError?.(Object.assign(new Error(text), { status: err instanceof ApiError ? err.status : 0 }), text);
      },
    );
    return { abort: () => controller.abort() };
  };

  const onChange: UploadProps['onChange'] = ({ file, fileList }) => {
    if (file.status === 'done') {
      // The list below shows it now.
      setUploads(fileList.filter((f) => f.uid !== file.uid));
      void message.success(t('attachments.uploaded', { name: file.name }));
      void client.invalidateQueries({ queryKey: key });
      return;
    }
    setUploads([...fileList]);
  };

  const columns: TableColumnsType<Attachment> = [
    {
      key: 'fileName',
      title: t('attachments.fields.fileName'),
      render: (_v, a) => (
        <Space size={8}>
          <FileIcon contentType={a.contentType} />
          {isPreviewable(a.contentType) ? (
            <Typography.Link onClick={() => setPreview(a)} data-testid="attachment-name">
              {a.fileName}
            </Typography.Link>
          ) : (
            <Typography.Text data-testid="attachment-name">{a.fileName}</Typography.Text>
          )}
        </Space>
      ),
    },
    { key: 'size', title: t('attachments.fields.size'), width: 100, render: (_v, a) => <span data-testid="attachment-size">{formatBytes(a.size)}</span> },
    {
      key: 'uploadedBy',
      title: t('attachments.fields.uploadedBy'),
      width: 140,
      render: (_v, a) => a.uploadedByName ?? <span className="kehu-muted">—</span>,
    },
    { key: 'createdAt', title: t('attachments.fields.createdAt'), width: 160, render: (_v, a) => <DateTime value={a.createdAt} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 130,
      render: (_v, a) => (
        <Space size={0} className="kehu-table-actions">
          {isPreviewable(a.contentType) ? (
            <Tooltip title={t('attachments.preview')}>
              <Button type="text" size="small" icon={<EyeOutlined />} aria-label={t('attachments.preview')} onClick={() => setPreview(a)} data-testid="attachment-preview" />
            </Tooltip>
          ) : null}
          <Tooltip title={t('attachments.download')}>
            <Button type="text" size="small" icon={<DownloadOutlined />} aria-label={t('attachments.download')} href={attachmentUrl(a.id)} download={a.fileName} data-testid="attachment-download" />
          </Tooltip>
          {canUpload ? (
            <Tooltip title={t('common.delete')}>
              <Button type="text" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={() => confirmDelete(a)} data-testid="attachment-delete" />
            </Tooltip>
          ) : null}
        </Space>
      ),
    },
  ];

  const items = list.data?.items ?? [];
  return (
    <Flex vertical gap={16} data-testid="attachments-panel">
      {canUpload ? (
        <div data-testid="attachments-upload">
          <Upload.Dragger
            multiple
            accept={ATTACHMENT_ACCEPT}
            fileList={uploads}
            customRequest={customRequest}
            onChange={onChange}
            showUploadList={{ showRemoveIcon: true, showPreviewIcon: false, showDownloadIcon: false }}
            beforeUpload={(file) => {
              if (file.size > maxBytes) {
                void message.error(t('attachments.errors.tooLarge', { name: file.name, mb: maxMb }));
                return Upload.LIST_IGNORE;
              }
              if (!acceptedName(file.name)) {
                void message.error(t('attachments.errors.typeNotAllowed', { name: file.name }));
                return Upload.LIST_IGNORE;
              }
              return true;
            }}
            style={{ padding: '4px 0' }}
          >
            <p className="ant-upload-drag-icon" style={{ marginBottom: 8 }}>
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('attachments.uploadText')}</p>
            <p className="ant-upload-hint">{t('attachments.uploadHint', { mb: maxMb })}</p>
          </Upload.Dragger>
        </div>
      ) : null}
      {list.isPending ? (
        <LoadingState height={120} />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState description={t('attachments.empty')} />
      ) : (
        <Table<Attachment>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={items}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          data-testid="attachments-table"
          onRow={(a) => ({ 'data-testid': `attachment-row-${a.fileName}` }) as React.HTMLAttributes<HTMLElement>}
        />
      )}
      <Modal
        open={preview !== null}
        title={preview ? t('attachments.previewTitle', { name: preview.fileName }) : null}
        onCancel={() => setPreview(null)}
        width={960}
        destroyOnHidden
        footer={
          preview ? (
            <Button icon={<DownloadOutlined />} href={attachmentUrl(preview.id)} download={preview.fileName}>
              {t('attachments.download')}
            </Button>
          ) : null
        }
      >
        {preview?.contentType === 'application/pdf' ? (
          <iframe src={attachmentUrl(preview.id, true)} title={preview.fileName} style={{ width: '100%', height: '70vh', border: 0 }} data-testid="attachment-preview-pdf" />
        ) : preview ? (
          <Flex justify="center">
            <img src={attachmentUrl(preview.id, true)} alt={preview.fileName} style={{ maxWidth: '100%', maxHeight: '70vh', objectFit: 'contain' }} data-testid="attachment-preview-image" />
          </Flex>
        ) : null}
      </Modal>
    </Flex>
  );
}

import type { MessageCatalogue } from '../../platform/modules/manifest.ts';

/** The attachments module's server messages (error details and the texts it writes). */
export const attachmentsMessages = {
  en: {
    'entity.attachment': 'Attachment',
    'attachment.rawBody': 'Send the file itself as the request body (Content-Type: application/octet-stream)',
    'attachment.tooLarge': 'The file is too large: at most {maxMegabytes} MB',
    'attachment.empty': 'The file is empty',
    'attachment.executable': 'Programs and scripts cannot be attached',
    'attachment.archive': 'ZIP archives and document formats other than Word, Excel and PowerPoint cannot be attached; upload a PDF, Word, Excel or PowerPoint file or an image',
    'attachment.unsupportedType': 'This type of file cannot be attached; upload a PDF, Word, Excel or PowerPoint file or an image (PNG, JPEG, GIF, WebP)',
    'attachment.extensionMismatch': 'The name ends in “.{extension}” but the file is {detected}: rename it or choose the right file',
    'attachment.pdfActiveContent': 'This PDF contains JavaScript or an action that starts a program, and cannot be attached; print it to a new PDF, or save it without scripts, and upload that',
    'attachment.pdfUncheckable': 'This PDF has parts that cannot be checked for scripts (it may be encrypted); print it to a new PDF and upload that',
    'attachment.pdfPolyglot': 'This file is a PDF and a web page at once, and cannot be attached; print it to a new PDF and upload that',
    'attachment.officeMacros': 'Word, Excel and PowerPoint files with macros cannot be attached; save it without macros (e.g. as .xlsx instead of .xlsm), or ask an admin to allow macros',
  },
  'zh-CN': {
    'entity.attachment': '附件',
    'attachment.rawBody': '请将文件本身作为请求体发送（Content-Type: application/octet-stream）',
    'attachment.tooLarge': '文件过大：最多 {maxMegabytes} MB',
    'attachment.empty': '文件为空',
    'attachment.executable': '不能上传程序或脚本',
    'attachment.archive': '不能上传 ZIP 压缩包或 Word、Excel、PowerPoint 以外的文档格式，请上传 PDF、Word、Excel、PowerPoint 文件或图片',
    'attachment.unsupportedType': '不支持此类文件，请上传 PDF、Word、Excel、PowerPoint 文件或图片（PNG、JPEG、GIF、WebP）',
    'attachment.extensionMismatch': '文件名后缀为“.{extension}”，但文件内容是 {detected}：请改名或选择正确的文件',
    'attachment.pdfActiveContent': '此 PDF 含有 JavaScript 脚本或启动程序的动作，不能上传；请将其打印为新的 PDF，或另存为不含脚本的文件后再上传',
    'attachment.pdfUncheckable': '此 PDF 有无法检查是否含脚本的部分（可能已加密）；请将其打印为新的 PDF 后再上传',
    'attachment.pdfPolyglot': '此文件同时是 PDF 和网页，不能上传；请将其打印为新的 PDF 后再上传',
    'attachment.officeMacros': '不能上传带宏的 Word、Excel、PowerPoint 文件；请另存为不含宏的格式（如 .xlsm 另存为 .xlsx），或请管理员允许带宏的文件',
  },
} satisfies MessageCatalogue;

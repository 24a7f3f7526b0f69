/**
 * Public entry of the attachments module: files on records: storing a generated file (quote PDFs)
 * as an attachment in the caller's transaction. Other modules import only this file; everything
 * else in the folder is private.
 */
export { insertStoredAttachment, withStoredFile } from './attachments.service.ts';

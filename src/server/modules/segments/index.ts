/**
 * Public entry of the segments module: what campaigns need to send to a segment (the usable
 * segment, its selection and the ids it selects in a user's scope). Other modules import only
 * this file; everything else in the folder is private.
 */
export { selectionIds, type Selection } from './segments.queries.ts';
export { requireUsableSegment, segmentRecordIds, selectionOf } from './segments.service.ts';

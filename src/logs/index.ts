/**
 * @module logs: log records → events. Signatures classify known Xen, toolstack and kernel
 * messages; the folder joins multiline reports; the domain timeline maps domids to names.
 */

export {
  DomainTimeline,
  type DomainTimelineOptions,
  type Sighting,
  XENTOP_NAME_WIDTH,
} from './domain-timeline.js';
export { createFolder, type Folder, type FolderOptions } from './multiline.js';
export { type Classification, classify, messageStart } from './signatures.js';

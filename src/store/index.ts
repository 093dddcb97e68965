/**
 * @module store: the `Store` interface every backend implements, and `openStore(url)` to get one.
 * Nothing here names a concrete database; dialects live in their own folders.
 */

export { openStore } from './open-store.js';
export { gridOfWindows } from './series-grid.js';
export type {
  CounterState,
  DomainSighting,
  EventQuery,
  ImportedFile,
  SeriesGrid,
  SeriesPattern,
  SeriesSelector,
  SeriesWindow,
  Store,
  StoreCapabilities,
  StoredEvent,
  StoredFact,
  TimeRange,
} from './store.js';

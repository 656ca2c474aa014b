import type { RecordView } from './vendor.js'

/**
 * A vendor's records as the QA console lists them: newest first, each with
 * its creation time as ISO-8601. The vendor says only how one record looks.
 */
export function recordsNewestFirst<T>(
  items: Iterable<T>,
  createdAt: (item: T) => number,
  view: (item: T) => Omit<RecordView, 'created_at'>,
): RecordView[] {
  return [...items]
    .sort((a, b) => createdAt(b) - createdAt(a))
    .map((item) => ({ ...view(item), created_at: new Date(createdAt(item)).toISOString() }))
}

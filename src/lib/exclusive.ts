/**
 * One at a time per key: `exclusive(key, fn)` runs `fn` once every earlier call
 * on the same key has settled. Simulate actions use the vendor state of a
 * workspace as the key, so an action that awaits (faker, a PDF) can never
 * interleave with another one on the same data and lose its update.
 */
const queues = new WeakMap<object, Promise<unknown>>()

export function exclusive<T>(key: object, fn: () => T | Promise<T>): Promise<T> {
  const result = (queues.get(key) ?? Promise.resolve()).then(fn)
  queues.set(
    key,
    result.catch(() => undefined),
  )
  return result
}

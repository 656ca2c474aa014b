/** UTC `YYYY-MM-DDTHH:MM:SSZ`: whole seconds, no milliseconds (the timestamp form several vendors write). */
export function isoSeconds(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`
}

/**
 * `format` remembered per whole second: replies show the same stored times
 * (creation, last change) request after request, and formatting a date is a
 * visible part of a small reply's cost. `format` must show nothing finer than seconds.
 */
export function perSecond(format: (ms: number) => string): (ms: number) => string {
  const memo = new Map<number, string>()
  return (ms) => {
    const second = Math.floor(ms / 1000)
    let text = memo.get(second)
    if (text === undefined) {
      text = format(second * 1000)
      // A bound, not a policy: a busy workspace simply starts over.
      if (memo.size >= 4096) memo.clear()
      memo.set(second, text)
    }
    return text
  }
}

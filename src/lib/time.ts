/** UTC `YYYY-MM-DDTHH:MM:SSZ`: whole seconds, no milliseconds (the timestamp form several vendors write). */
export function isoSeconds(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`
}

import { perSecond } from '../../lib/time.js'

/**
 * OKdokument shows local times of Bratislava (`modification`, counter months):
 * the wiki's `"modification":"2022-06-21 14:30:44"` is `date` 12:30:44 UTC.
 */
const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Bratislava',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

interface LocalTime {
  year: string
  month: string
  day: string
  hour: string
  minute: string
  second: string
}

function local(ms: number): LocalTime {
  const out: Record<string, string> = {}
  for (const p of formatter.formatToParts(ms)) out[p.type] = p.value
  return out as unknown as LocalTime
}

/** `YYYY-MM-DD HH:mm:ss` in Europe/Bratislava (metadata GETs show it on every read: kept per second). */
export const modification = perSecond((ms) => {
  const t = local(ms)
  return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}:${t.second}`
})

/** `YYYY.M` (no leading zero) in Europe/Bratislava, the counter's month key. */
export function counterMonth(ms: number): string {
  const t = local(ms)
  return `${t.year}.${Number(t.month)}`
}

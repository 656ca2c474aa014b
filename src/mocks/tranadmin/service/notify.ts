import { EMAIL, type EmailReason } from '../constants.js'
import { partyConfig, pickupUrl, recipients, type TranadminWs, type Package, type Party, type Transaction } from '../model.js'

/** Where the links point: the ESF base URL (the configured real host) and the webapp of the request. */
export interface LinkBase {
  esfBase: string
  webapp: string | null
}

/**
 * One outbox email per recipient (spec §8.3), written before the reply so a
 * client reading the outbox right after sees them. Returns the recipients.
 */
export function notifyParty(ws: TranadminWs, tx: Transaction, pkg: Package, party: Party, links: LinkBase, reason: EmailReason): string[] {
  const config = partyConfig(pkg, party)
  const url = pickupUrl(links.esfBase, links.webapp, party.pickupCode)
  const to = recipients(ws, config, party)
  if (url === null) return []
  const from = `${EMAIL.fromLocal}@${new URL(links.esfBase).host}`
  for (const address of to) {
    ws.outbox.email({
      to: address,
      from,
      subject: EMAIL.subject(pkg.displayName),
      text: EMAIL.text(pkg.displayName, party.name, url, tx.tid),
      links: [url],
      tid: tx.tid,
      party: party.name,
      email_template: config?.emailTemplate ?? null,
      reason,
    })
  }
  return to
}

import { defineVendor } from '../../lib/vendor.js'
import { Collection } from '../../state/collection.js'
import { loadFixture } from '../../lib/fixtures.js'
import { DEFAULT_HOST, LIMITS, PARAM, PREFIX, REDACTED, VENDOR_ID } from './constants.js'
import { errors } from './errors.js'
import { methodNotAllowed, notFound, routes } from './routes.js'
import type { PickupRef, TranadminFixtures, TranadminState } from './schemas.js'
import { simulate } from './simulate.js'

/** A fresh workspace: the §10 fixtures, with every seeded pickup code reserved so new ones never repeat. */
function seed(): TranadminState {
  const f = loadFixture<TranadminFixtures>(VENDOR_ID)
  const codes: [string, PickupRef][] = f.transactions.flatMap((tx) =>
    tx.parties.flatMap((p) => (p.pickupCode ? [[p.pickupCode, { tid: tx.tid, party: p.name }] as [string, PickupRef]] : [])),
  )
  return {
    users: new Collection(f.users.map((u) => [u.email.toLowerCase(), u])),
    groups: new Collection(f.groups.map((g) => [g.name, g])),
    templates: new Collection(f.templates.map((t) => [t.name, t])),
    packages: new Collection(f.packages.map((p) => [p.name, p])),
    emailTemplates: new Collection(f.emailTemplates.map((e) => [e.name, e])),
    transactions: new Collection(f.transactions.map((t) => [t.tid, t])),
    pickupCodes: new Collection(codes),
  }
}

export const tranadmin = defineVendor<TranadminState>({
  id: VENDOR_ID,
  name: 'OpenESignForms Transaction admin API (tranadmin)',
  docs: 'https://github.com/OpenESignForms/openesignforms/issues/156',
  // §5: a forced error (1a) comes before the method check (2).
  mounts: [
    {
      prefix: PREFIX,
      hosts: [DEFAULT_HOST],
      // §7.4: pickup links name the configured ESF host, whichever door was used.
      links: { host: 'configured' },
      bodyLimit: LIMITS.bodyBytes,
      forcingBeforeMethodCheck: true,
      routes,
      notFound,
      methodNotAllowed,
    },
  ],
  errors,
  state: { seed },
  simulate,
  secretFields: [PARAM.password],
  redactedText: REDACTED,
})

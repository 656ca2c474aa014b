import { loadFixture } from '../../lib/fixtures.js'
import { Collection } from '../../state/collection.js'
import { VENDOR_ID } from './constants.js'
import type { PickupRef, TranadminFixtures, TranadminState } from './model.js'

/** A fresh workspace: the §10 fixtures, with every seeded pickup code reserved so new ones never repeat. */
export function seedState(): TranadminState {
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

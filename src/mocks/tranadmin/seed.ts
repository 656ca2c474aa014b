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
    users: Collection.keyed(f.users, (u) => u.email.toLowerCase()),
    groups: Collection.keyed(f.groups, (g) => g.name),
    templates: Collection.keyed(f.templates, (t) => t.name),
    packages: Collection.keyed(f.packages, (p) => p.name),
    emailTemplates: Collection.keyed(f.emailTemplates, (e) => e.name),
    transactions: Collection.keyed(f.transactions, (t) => t.tid),
    pickupCodes: new Collection(codes),
  }
}

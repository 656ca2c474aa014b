import { z } from 'zod'

/** Simulate bodies (spec §11). */
const tid = z.string().min(1)
const esfName = z.string().min(1)
const webapp = z.string().optional()

const partyActionBody = z.object({
  tid: tid.describe('the transaction id'),
  party: esfName.describe('the party name of the package, e.g. Signer'),
  webapp,
})
export const viewBody = partyActionBody.extend({ document: z.string().optional() })
export const completeBody = partyActionBody.extend({
  data: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))).optional(),
  esign: z.boolean().optional(),
  ip_host: z.string().optional(),
})
export const declineBody = partyActionBody.extend({ reason: z.string().optional().describe("the party's reason for declining") })
export const transactionBody = z.object({ tid, webapp })
export const startBody = z.object({
  template: z.string().min(1),
  tid: z.string().optional(),
  emails: z.record(z.string(), z.string()).optional(),
  webapp,
})

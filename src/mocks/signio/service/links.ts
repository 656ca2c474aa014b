import type { Contacto, EnlaceTipo, SignioWs, Transaccion } from '../model.js'

/** Magic links are valid 30 minutes (seed §6.20). */
const MAGIC_TTL_MS = 30 * 60 * 1000

/**
 * A new link with a 64-character opaque token (§2.8), remembered so that
 * pages.ts can open the page it leads to.
 */
export function issueLink(ws: SignioWs, base: string, tipo: EnlaceTipo, tx: Transaccion, contact: Contacto | null): string {
  const token = ws.random.string(64)
  ws.state.links.set(token, {
    token,
    tipo,
    id_transaccion: tx.id,
    id_firmante: contact?.id ?? null,
    expires_at: tipo === 'magic-link' ? ws.now() + MAGIC_TTL_MS : null,
  })
  return `${base}/${tipo}/${token}`
}

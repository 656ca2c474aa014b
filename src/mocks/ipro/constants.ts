/** IPRO's mount, hosts, limits and token lifetimes (spec ipro.md). */

export const VENDOR_ID = 'ipro'
export const PREFIX = '/ipro'
export const HOSTS = ['https://ipro.example.test']
/** Bodies over 1 MiB count as "no body" (spec §2.3). */
export const MAX_BODY_BYTES = 1_048_576
/** DocuSign access tokens live 8 hours, refresh tokens 30 days (spec §3.1). */
export const ACCESS_TTL_MS = 8 * 3600_000
export const REFRESH_TTL_MS = 30 * 86_400_000

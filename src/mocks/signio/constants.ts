/** Signio's mount, hosts and limits (signio.md §1, §2.7). */

export const VENDOR_ID = 'signio'
export const PREFIX = '/signio'
export const HOSTS = ['https://signio.stage.legops.com']
/** The API's own path prefix below the host. */
export const API = '/api/v2'
/** JSON and form bodies (and multipart bodies of services without a file) over 1 MiB → body_size (§2.7). */
export const JSON_LIMIT = 1024 * 1024

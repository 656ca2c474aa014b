// The `zod` the CLI bundle uses: zod's classic API (what src/ imports as `z`)
// without the 40+ message locales, JSON-Schema conversion and `core`
// namespace re-exports that nothing here uses. `import { z } from 'zod'`
// keeps the whole namespace object alive, so trimming has to happen here.
// Only the bundle uses this file; tests and the library use zod itself.
import * as z from './zod-lite-api.mjs'
export { z }
export * from './zod-lite-api.mjs'
export default z

// Bundles the CLI into one file (dist/cli.js, over tsc's output) so `npm start`
// and `npx esign-sandbox` load one module instead of ~400: zod alone costs half
// as much to load bundled, which keeps startup under the 300 ms bar.
// Libraries loaded lazily on first use stay external (pdf-lib, xmlbuilder2,
// faker, msw, csv, zip, and ioredis, loaded only with --redis): bundling them would put their parse cost back at startup.
// src/cli.ts's own #! line is kept by esbuild.
import { build } from 'esbuild'

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  keepNames: false,
  legalComments: 'none',
  packages: 'bundle',
  external: ['msw', 'pdf-lib', 'xmlbuilder2', '@faker-js/faker', 'fflate', 'csv-stringify', 'csv-stringify/*', 'ioredis'],
  // zod without its locales and JSON-Schema tools (see zod-lite.mjs); the JSON-Schema tools
  // (src/lib/json-schema.ts) come from the same core file zod-lite uses, imported on first use
  alias: { 'zod/v4/core': './node_modules/zod/v4/core/json-schema-processors.js', zod: './scripts/zod-lite.mjs' },
  logLevel: 'warning',
})

import { defineVendor } from '../../lib/vendor.js'
import { VendorError } from '../../lib/vendor-error.js'
import { errors } from './errors.js'
import { routes } from './routes.js'
import { simulate } from './simulate.js'
import { seedState, type IproState } from './state.js'

/** IPRO DocuSign connector (spec `ipro.md`): OAuth code exchange, source settings, look-back CSV. */
export const ipro = defineVendor<IproState, typeof simulate>({
  id: 'ipro',
  name: 'IPRO DocuSign connector',
  docs: '../shared/specs/ipro.md',
  errors,
  state: { seed: seedState },
  simulate,
  secretFields: ['authorization_code'],
  mounts: [
    {
      prefix: '/ipro',
      hosts: ['https://ipro.example.test'],
      routes,
      notFound: (c) => errors.render(c, new VendorError('ipro.not_found')),
      methodNotAllowed: (c, allow) => errors.render(c, new VendorError('ipro.method_not_allowed', { allow: allow.join(', ') })),
    },
  ],
})

import type { ProfileInfo } from '@shared/scenario'
import { defineProfile } from '../common'
import { headers } from './dialect'
import { oktaPrograms } from './programs'

/**
 * Okta Lifecycle Management (SCIM 2.0), idp-request-patterns.md b.2, as an OIN integration (PATCH for activation and
 * groups, GET-then-PUT for profiles) and as an App Integration Wizard app (PUT for everything, b.2.4).
 */

const common = {
  referenceSection: 'b.2',
  timeoutMs: 60_000, // socket timeout per request (b.2.10)
  honoursRetryAfter: true, // Okta schedules retries per Retry-After on a 429 (b.2.10)
  sendsDelete: false, // users: never (b.2.6); groups are deleted on unlink (b.2.8)
} satisfies Partial<ProfileInfo>

const DATA_ITEMS = {
  'b.2.1': 'Okta’s captured headers on every request',
  'b.2.10': 'timeoutMs 60 000 and honoursRetryAfter true',
}

export const OKTA_NOT_SIMULATED: Record<string, string> = {
  'b.2.9': 'what Okta never sends (POST search, Bulk, /Me, /Schemas, /ServiceProviderConfig, /ResourceTypes): the profile sends none of them',
  'b.2.11': 'authentication: the simulator sends the target’s bearer token; Okta’s OAuth code grant, Basic and custom-header options are not reproduced',
}

export const OKTA_OIN = defineProfile(
  {
    id: 'okta-oin',
    name: 'Okta (OIN, PATCH)',
    description: 'An Okta Integration Network app: existence check then create, GET-then-PUT profile updates, path-less PATCH for activation, group push by PATCH, never a user DELETE.',
    ...common,
    usesPatch: true,
  },
  headers,
  oktaPrograms('oin'),
  DATA_ITEMS,
  OKTA_NOT_SIMULATED,
)

export const OKTA_AIW = defineProfile(
  {
    id: 'okta-aiw',
    name: 'Okta (AIW, PUT only)',
    description: 'An App Integration Wizard custom app: PUT for everything — profile, activation and groups — and never a user DELETE.',
    ...common,
    usesPatch: false,
  },
  headers,
  oktaPrograms('aiw'),
  DATA_ITEMS,
  { ...OKTA_NOT_SIMULATED, 'b.2.5': 'the OIN dialect: an AIW app sends activation by PUT (b.2.4); run the okta-oin profile' },
)

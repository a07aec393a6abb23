import type { ProfileInfo } from '@shared/scenario'
import { defineProfile } from '../common'
import { headers } from './dialect'
import { entraPrograms } from './programs'

/**
 * Microsoft Entra ID's provisioning service (job template `scim`), idp-request-patterns.md b.1, in its two dialects:
 * legacy (the default) and with the `aadOptscim062020` feature flag. They share every sequence; they differ in op
 * casing, `active` as a string, path-less replace with dotted keys and the member-remove shape.
 */

const common = {
  referenceSection: 'b.1',
  // The reference gives no request timeout for Entra; 60 s, Okta's documented one (b.2.10), so runs pace alike.
  timeoutMs: 60_000,
  // Whether Entra honours 429 + Retry-After is undocumented (b.1.19); its documented answer to failures is to retry
  // in the next cycle, ~40 min later (b.1.17), which a run cannot reproduce. So no in-run retry: a 429 is reported as
  // the failure it is for Entra, rather than hidden by a retry Entra may not make.
  honoursRetryAfter: false,
  sendsDelete: true,
  usesPatch: true,
} satisfies Partial<ProfileInfo>

/** Items both Entra profiles realise through profile data rather than one request. */
const DATA_ITEMS = {
  'b.1.22': 'no User-Agent is sent: Entra’s is unknown, and the reference says not to invent one',
  'b.1.19': 'honoursRetryAfter false: Entra’s 429 handling is undocumented',
}

/** What the Entra profiles do not reproduce, and why (the coverage test requires a reason for every item not sent). */
export const ENTRA_NOT_SIMULATED: Record<string, string> = {
  'b.1.4': 'Entra reads users by filter in the flows simulated here, not by id; the read-by-id rules (404 with the Error schema, inactive users returned) are checked by the read-backs and the rfc7644 profile',
  'b.1.16': 'authentication: the simulator always sends the target’s bearer token; Entra’s own JWT, OAuth code grant and client-credentials flows are not reproduced',
  'b.1.17': 'cycles, back-off and quarantine are time-based (40-minute cycles, retries over 28 days), not request shapes; a 404 to a filter is reported as the quarantine reason it is',
  'b.1.20': 'validator-only quirks (empty Operations, random time zones, removing required attributes) belong to the hosted validator, not the provisioning service simulated here',
  'b.1.21': 'historic modes (customappsso, AzureAdScimPatch2017) only matter when reproducing an old tenant',
}

export const ENTRA_LEGACY = defineProfile(
  {
    id: 'entra-legacy',
    name: 'Microsoft Entra ID (legacy)',
    description: 'Entra ID’s default SCIM dialect: capitalised ops, active as the string "False", member removes with a value list.',
    ...common,
  },
  headers,
  entraPrograms('legacy'),
  DATA_ITEMS,
  { ...ENTRA_NOT_SIMULATED, 'b.1.6': 'the aadOptscim062020 dialect: run the entra-flag profile' },
)

export const ENTRA_FLAG = defineProfile(
  {
    id: 'entra-flag',
    name: 'Microsoft Entra ID (aadOptscim062020)',
    description: 'Entra ID with the aadOptscim062020 flag: lowercase ops, boolean active, path-less replace with dotted keys, members[value eq] removes.',
    ...common,
  },
  headers,
  entraPrograms('flag'),
  DATA_ITEMS,
  ENTRA_NOT_SIMULATED,
)

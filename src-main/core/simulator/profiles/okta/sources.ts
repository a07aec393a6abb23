/** Where each Okta behaviour comes from, as idp-request-patterns.md names its sources. */
const R = 'idp-request-patterns.md'
const SCIM20 = 'okta/okta-developer-docs scim-20/index.md'
export const OKTA_SRC = {
  'b.2.1': `${R} b.2.1 — oktadeveloper/okta-blog-archive#1956; ${SCIM20}`,
  'b.2.2': `${R} b.2.2 — ${SCIM20} (Determine if the User already exists); docs/concepts/scim/faqs`,
  'b.2.3': `${R} b.2.3 — ${SCIM20} (Create the User)`,
  'b.2.4': `${R} b.2.4 — ${SCIM20} (Update a specific User (PUT)); FAQ; fleetdm/fleet SCIM-integration.md`,
  'b.2.5': `${R} b.2.5 — ${SCIM20} (Update a specific User (PATCH)); pond/scimitar#29; getsentry/sentry#27199`,
  'b.2.6': `${R} b.2.6 — ${SCIM20} (Delete Users); FAQ`,
  'b.2.7': `${R} b.2.7 — ${SCIM20} (Retrieve Users / Groups)`,
  'b.2.8': `${R} b.2.8 — ${SCIM20} (Group operations); imulab/go-scim#57; Captain-P-Goldfish/SCIM-SDK#757`,
  'b.2.10': `${R} b.2.10 — Okta SCIM FAQ (socket timeout); support.okta.com (Retry-After)`,
  'b.2.12': `${R} b.2.12 — tataanil/scim-test-suite idp/okta (Okta SPEC test)`,
  'b.2.13': `${R} b.2.13 — scim-provisioning-integration-test/main/index.md`,
  'b.2.14': `${R} b.2.14 — Okta SCIM FAQ`,
} as const


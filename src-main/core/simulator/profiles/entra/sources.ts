/**
 * Where each Entra ID behaviour comes from, as idp-request-patterns.md names its sources (one string per item, so a
 * report's `source` lets a reader find the document).
 */
const R = 'idp-request-patterns.md'
const USE_SCIM = 'MicrosoftDocs/entra-docs use-scim-to-provision-users-and-groups.md'

export const ENTRA_SRC = {
  'b.1.1': `${R} b.1.1 — ${USE_SCIM}; application-provisioning-quarantine-status.md`,
  'b.1.2': `${R} b.1.2 — ${USE_SCIM} (Retrieving Resources); known-issues.md; OctopusDeploy/Issues#9841`,
  'b.1.3': `${R} b.1.3 — ${USE_SCIM} (Create User); how-provisioning-works.md`,
  'b.1.5': `${R} b.1.5 — ${USE_SCIM} (Update User); MS Q&A 1373350`,
  'b.1.6': `${R} b.1.6 — application-provisioning-config-problem-scim-compatibility.md; MS Q&A 1435791, 1665068`,
  'b.1.7': `${R} b.1.7 — application-provisioning-config-problem-scim-compatibility.md; ${USE_SCIM} (Disable User); scimmyjs/scimmy#86`,
  'b.1.8': `${R} b.1.8 — ssoready/ssoready#249, #228; limosa-io/laravel-scim-server#119`,
  'b.1.9': `${R} b.1.9 — how-provisioning-works.md (Deprovisioning)`,
  'b.1.10': `${R} b.1.10 — ${USE_SCIM} (Example 4); apache/directory-scimple#1242; MicrosoftDocs/azure-docs#73842`,
  'b.1.11': `${R} b.1.11 — ${USE_SCIM} (Group Operations); application-provisioning-config-problem-scim-compatibility.md`,
  'b.1.12': `${R} b.1.12 — known-issues.md ("Null attribute can't be provisioned")`,
  'b.1.13': `${R} b.1.13 — ${USE_SCIM} (/Schemas)`,
  'b.1.14': `${R} b.1.14 — ${USE_SCIM} (General); MicrosoftDocs/azure-docs#104859, #116775`,
  'b.1.15': `${R} b.1.15 — ${USE_SCIM}; SCIM-Validation-Test-Overview.md tests 23–24`,
  'b.1.18': `${R} b.1.18 — OneUptime/oneuptime#2134; application-provisioning-config-problem-scim-compatibility.md`,
  'b.1.19': `${R} b.1.19 — ${USE_SCIM} (checklist); MS Q&A 1922038`,
} as const

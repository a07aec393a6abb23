import { z } from 'zod'

/**
 * A state change the engine made, in words a trainer can show ("added alice@x to team Engineering").
 * Events are emitted only for committed changes, and each request log entry carries the ones it caused.
 */
export const domainEventTypeSchema = z.enum([
  'account.created',
  'account.linked',
  'team.created',
  'team.renamed',
  'team.deleted',
  'team.member.added',
  'team.member.removed',
  'scim.user.created',
  'scim.user.updated',
  'scim.user.deactivated',
  'scim.user.reactivated',
  'scim.user.deleted',
  'scim.group.created',
  'scim.group.updated',
  'scim.group.deleted',
  'privateUser.created',
  'privateUser.accessRevoked',
  'privateUser.accessRestored',
  'deprovision.skipped',
  // Workspace management through the control API (the UI): never carries a secret in its message.
  'project.created',
  'project.updated',
  'project.deleted',
  'statusPage.created',
  'statusPage.updated',
  'statusPage.deleted',
  'config.created',
  'config.updated',
  'config.deleted',
  'config.tokenRotated',
  'workspace.replaced',
  // IAM SCIM tokens through the tokens admin API: never carries the token or its prefix in its message.
  'iamToken.created',
  'iamToken.updated',
  'iamToken.revoked',
  // Changes made through the resource API or the UI's credentials panel; messages never carry a secret.
  'account.updated',
  'account.deleted',
  'privateUser.updated',
  'privateUser.deleted',
  'apiKey.created',
  'apiKey.updated',
  'apiKey.deleted',
  'oauthClient.created',
  'oauthClient.secretRotated',
  'oauthClient.deleted',
  'iamTenant.created',
  'iamTenant.updated',
  'iamTenant.deleted',
  // IAM SCIM provider resources (actions, resource types, resources, permissions, roles, groups, users).
  'iam.resource.created',
  'iam.resource.updated',
  'iam.resource.deleted',
  'iam.member.added',
  'iam.member.removed',
])
export type DomainEventType = z.infer<typeof domainEventTypeSchema>

export const domainEventSchema = z.object({
  type: domainEventTypeSchema,
  message: z.string(),
  configId: z.string().optional(),
  projectId: z.string().optional(),
  accountId: z.string().optional(),
  teamId: z.string().optional(),
  resourceId: z.string().optional(),
  email: z.string().optional(),
})
export type DomainEvent = z.infer<typeof domainEventSchema>

import type { AttributeDef, AttributeType, ResourceTypeDef, SchemaDef } from './types'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const LIST_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest'
export const BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest'
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse'
export const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType'
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema'
/** Entra ID adds this to group creates (idp-request-patterns.md b.1.11); accepted, never required. */
export const ENTRA_GROUP_SCHEMA = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'

type Opts = Partial<Omit<AttributeDef, 'name' | 'type' | 'description'>>

// RFC 7643 §2.2 defaults: not required, not caseExact, readWrite, returned default, no uniqueness.
function attr(name: string, type: AttributeType, description: string, opts: Opts = {}): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...opts,
  }
}

const str = (name: string, description: string, opts?: Opts) => attr(name, 'string', description, opts)

/** The sub-attributes RFC 7643 §2.4 gives every multi-valued attribute, with the canonical types of each. */
function multi(name: string, description: string, valueType: AttributeType, types: string[], extra: AttributeDef[] = []): AttributeDef {
  return attr(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      attr('value', valueType, `The value of the ${name} entry.`),
      str('display', 'A human-readable name, primarily used for display purposes.'),
      str('type', 'A label indicating the attribute\'s function.', types.length ? { canonicalValues: types } : {}),
      attr('primary', 'boolean', 'A Boolean value indicating the primary or preferred value.'),
      ...extra,
    ],
  })
}

const ADDRESS_SUB: AttributeDef[] = [
  str('formatted', 'The full mailing address, formatted for display.'),
  str('streetAddress', 'The full street address component.'),
  str('locality', 'The city or locality component.'),
  str('region', 'The state or region component.'),
  str('postalCode', 'The zip code or postal code component.'),
  str('country', 'The country name component.'),
  str('type', 'A label indicating the attribute\'s function.', { canonicalValues: ['work', 'home', 'other'] }),
  attr('primary', 'boolean', 'A Boolean value indicating the primary or preferred address.'),
]

/** RFC 7643 §4.1 and §8.7.1. */
export const userSchema: SchemaDef = {
  id: USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    str('userName', 'Unique identifier for the User; in this sandbox it must be an email address.', {
      required: true,
      uniqueness: 'server',
    }),
    attr('name', 'complex', 'The components of the user\'s real name.', {
      subAttributes: [
        str('formatted', 'The full name, formatted for display.'),
        str('familyName', 'The family name of the User.'),
        str('givenName', 'The given name of the User.'),
        str('middleName', 'The middle name(s) of the User.'),
        str('honorificPrefix', 'The honorific prefix(es) of the User.'),
        str('honorificSuffix', 'The honorific suffix(es) of the User.'),
      ],
    }),
    str('displayName', 'The name of the User, suitable for display to end-users.'),
    str('nickName', 'The casual way to address the user.'),
    attr('profileUrl', 'reference', 'A fully qualified URL pointing to the User\'s online profile.', { referenceTypes: ['external'] }),
    str('title', 'The user\'s title, such as "Vice President".'),
    str('userType', 'Used to identify the relationship between the organization and the user.'),
    str('preferredLanguage', 'Indicates the User\'s preferred written or spoken language.'),
    str('locale', 'Used to indicate the User\'s default location.'),
    str('timezone', 'The User\'s time zone in the Olson format.'),
    attr('active', 'boolean', 'A Boolean value indicating the User\'s administrative status.'),
    str('password', 'The User\'s cleartext password; write-only, never returned.', { mutability: 'writeOnly', returned: 'never' }),
    multi('emails', 'Email addresses for the user.', 'string', ['work', 'home', 'other']),
    multi('phoneNumbers', 'Phone numbers for the User.', 'string', ['work', 'home', 'mobile', 'fax', 'pager', 'other']),
    multi('ims', 'Instant messaging addresses for the User.', 'string', ['aim', 'gtalk', 'icq', 'xmpp', 'msn', 'skype', 'qq', 'yahoo']),
    multi('photos', 'URLs of photos of the User.', 'reference', ['photo', 'thumbnail']),
    attr('addresses', 'complex', 'A physical mailing address for this User.', { multiValued: true, subAttributes: ADDRESS_SUB }),
    attr('groups', 'complex', 'A list of groups to which the user belongs.', {
      multiValued: true,
      mutability: 'readOnly',
      subAttributes: [
        str('value', 'The identifier of the User\'s group.', { mutability: 'readOnly' }),
        attr('$ref', 'reference', 'The URI of the corresponding Group resource.', { mutability: 'readOnly', referenceTypes: ['Group'] }),
        str('display', 'A human-readable name.', { mutability: 'readOnly' }),
        str('type', 'direct or indirect.', { mutability: 'readOnly', canonicalValues: ['direct', 'indirect'] }),
      ],
    }),
    multi('entitlements', 'A list of entitlements for the User.', 'string', []),
    multi('roles', 'A list of roles for the User.', 'string', []),
    multi('x509Certificates', 'A list of certificates issued to the User.', 'binary', []),
  ],
}

/** RFC 7643 §4.3. */
export const enterpriseUserSchema: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    str('employeeNumber', 'Numeric or alphanumeric identifier assigned to a person.'),
    str('costCenter', 'Identifies the name of a cost center.'),
    str('organization', 'Identifies the name of an organization.'),
    str('division', 'Identifies the name of a division.'),
    str('department', 'Identifies the name of a department.'),
    attr('manager', 'complex', 'The User\'s manager.', {
      subAttributes: [
        str('value', 'The id of the SCIM resource representing the User\'s manager.'),
        attr('$ref', 'reference', 'The URI of the SCIM resource representing the User\'s manager.', { referenceTypes: ['User'] }),
        str('displayName', 'The displayName of the User\'s manager.', { mutability: 'readOnly' }),
      ],
    }),
  ],
}

/** RFC 7643 §4.2. */
export const groupSchema: SchemaDef = {
  id: GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    str('displayName', 'A human-readable name for the Group.', { required: true, uniqueness: 'server' }),
    attr('members', 'complex', 'A list of members of the Group.', {
      multiValued: true,
      subAttributes: [
        str('value', 'Identifier of the member of this Group.', { mutability: 'immutable' }),
        attr('$ref', 'reference', 'The URI of the member resource.', { mutability: 'immutable', referenceTypes: ['User', 'Group'] }),
        str('display', 'A human-readable name of the member.', { mutability: 'immutable' }),
        str('type', 'The type of the member.', { mutability: 'immutable', canonicalValues: ['User', 'Group'] }),
      ],
    }),
  ],
}

/** RFC 7643 §3.1 common attributes, which every resource carries outside any schema's attribute list. */
export const commonAttributes: AttributeDef[] = [
  str('id', 'A unique identifier for a SCIM resource as defined by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  str('externalId', 'An identifier for the resource as defined by the provisioning client.', { caseExact: true }),
  attr('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      str('resourceType', 'The name of the resource type of the resource.', { caseExact: true, mutability: 'readOnly' }),
      attr('created', 'dateTime', 'The DateTime that the resource was added to the service provider.', { mutability: 'readOnly' }),
      attr('lastModified', 'dateTime', 'The most recent DateTime that the details of this resource were updated.', { mutability: 'readOnly' }),
      attr('location', 'reference', 'The URI of the resource being returned.', { caseExact: true, mutability: 'readOnly', referenceTypes: ['uri'] }),
      str('version', 'The version of the resource being returned.', { caseExact: true, mutability: 'readOnly' }),
    ],
  }),
  attr('schemas', 'reference', 'The schemas of the resource.', { multiValued: true, caseExact: true, mutability: 'readOnly', returned: 'always' }),
]

export const userResourceType: ResourceTypeDef = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
}

export const groupResourceType: ResourceTypeDef = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  schemaExtensions: [],
}

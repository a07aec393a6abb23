// Web permissions (camera, geolocation, notifications, clipboard reading, ...): the sandbox UI needs none of them.
import type { Session } from 'electron'
import { isSameOrigin } from './guards'

/**
 * The one exception: writing to the clipboard (`navigator.clipboard.writeText`, which Chromium allows only on a user
 * gesture) from the sandbox's own top frame, so "copy token" buttons work as they do in a browser. Electron routes that
 * write through these handlers, and a deny-all breaks it silently. Remove it from this list to deny everything.
 */
export const GRANTED_TO_SANDBOX: readonly string[] = ['clipboard-sanitized-write']

export function permissionAllowed(permission: string, requestingUrl: string | undefined, isMainFrame: boolean, origin: string): boolean {
  return GRANTED_TO_SANDBOX.includes(permission) && isMainFrame && requestingUrl !== undefined && isSameOrigin(requestingUrl, origin)
}

export function denyPermissions(session: Session, origin: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl, details.isMainFrame, origin))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return permissionAllowed(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame, origin)
  })
}

/**
 * A workspace or journal file that cannot be trusted. The server must stop and name the file rather than
 * start on partial data or write over evidence the user may need to recover by hand.
 */
export class WorkspaceFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message)
    this.name = 'WorkspaceFileError'
  }
}

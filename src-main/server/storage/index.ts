export { WorkspaceFileError } from './errors'
export {
  openWorkspace,
  workspaceExists,
  DEFAULT_COMPACT_EVERY_BYTES,
  DEFAULT_COMPACT_EVERY_RECORDS,
  type OpenOptions,
  type StorageStats,
  type WorkspaceStorage,
} from './workspace-storage'

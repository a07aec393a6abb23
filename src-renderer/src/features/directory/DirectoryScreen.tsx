// Placeholder until this screen is built.
export function DirectoryScreen() {
  return <div className="screen-body">DirectoryScreen</div>
}

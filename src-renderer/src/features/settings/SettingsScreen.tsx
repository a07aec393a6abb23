// Placeholder until this screen is built.
export function SettingsScreen() {
  return <div className="screen-body">SettingsScreen</div>
}

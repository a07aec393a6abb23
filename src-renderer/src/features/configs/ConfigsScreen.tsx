// Placeholder until this screen is built.
export function ConfigsScreen() {
  return <div className="screen-body">ConfigsScreen</div>
}

// Placeholder until this screen is built.
export function LogScreen() {
  return <div className="screen-body">LogScreen</div>
}

import { StrictMode, useMemo, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { httpClient } from './api/client'
import { rememberSecret, resolveConnection } from './api/connection'
import { App } from './app/App'
import { ClientProvider } from './app/client-context'
import { Connect } from './app/Connect'
import { LiveHub } from './app/live'
import './styles.css'

function Root() {
  const [conn, setConn] = useState(() => resolveConnection())
  const services = useMemo(() => {
    if (!conn) return null
    const client = httpClient(conn)
    return { client, live: new LiveHub(client) }
  }, [conn])
  if (!services) {
    return (
      <Connect
        onSecret={(secret) => {
          rememberSecret(secret)
          setConn({ origin: '', adminSecret: secret })
        }}
      />
    )
  }
  return (
    <ClientProvider client={services.client} live={services.live}>
      <App />
    </ClientProvider>
  )
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
)

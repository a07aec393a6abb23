import { createContext, useContext, type ReactNode } from 'react'
import type { ControlClient } from '../api/client'
import { LiveHub } from './live'

interface AppServices {
  client: ControlClient
  live: LiveHub
}

const Ctx = createContext<AppServices | null>(null)

/** Hands every screen the one control-API client (the HTTP one in the app, a fake in component tests). */
export function ClientProvider({ client, live, children }: { client: ControlClient; live?: LiveHub; children: ReactNode }) {
  return <Ctx.Provider value={{ client, live: live ?? new LiveHub(client) }}>{children}</Ctx.Provider>
}

function useServices(): AppServices {
  const s = useContext(Ctx)
  if (!s) throw new Error('useClient() outside <ClientProvider>')
  return s
}
export const useClient = (): ControlClient => useServices().client
export const useLive = (): LiveHub => useServices().live

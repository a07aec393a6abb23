import { useState } from 'react'

import { Tabs } from '../../ui/Tabs'
import { ApiKeysTab } from './ApiKeysTab'
import { IamTab } from './IamTab'
import { OAuthTab } from './OAuthTab'
import './credentials.css'

type CredTab = 'apiKeys' | 'oauth' | 'iam'
const TABS = [
  { id: 'apiKeys', label: 'API keys' },
  { id: 'oauth', label: 'OAuth clients' },
  { id: 'iam', label: 'IAM tenants & SCIM tokens' },
] as const

/** API keys (resource API), OAuth clients (tokens admin API), IAM tenants and their SCIM tokens. */
export function CredentialsPanel() {
  const [tab, setTab] = useState<CredTab>('apiKeys')
  return (
    <div className="cfg-detail cred-panel">
      <div className="cfg-detail-head">
        <h2 className="cfg-title">Credentials</h2>
      </div>
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Credentials" />
      <div className="cfg-tab-panel" role="tabpanel">
        {tab === 'apiKeys' ? <ApiKeysTab /> : tab === 'oauth' ? <OAuthTab /> : <IamTab />}
      </div>
    </div>
  )
}

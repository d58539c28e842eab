import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readSessionCredentials, type SessionCredentials, writeSessionCredentials } from '../api/client.ts';
import { useDashboardConfig, useMeta } from '../api/meta.ts';
import { useProfile, useUpdateProfile } from '../api/users.ts';
import { useCreditPrice, useDefaultWallet } from '../api/wallets.ts';
import { formatCredits } from '../components/credits.ts';
import { ProfileForm } from '../components/ProfileForm.tsx';
import { QueryError } from '../components/QueryError.tsx';
import { SessionCredentialsForm } from '../components/SessionCredentialsForm.tsx';
import { LicensedItemsSection } from './settings/LicensedItemsSection.tsx';

const usd = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

function Loading({ what }: { what: string }) {
  return <p aria-busy="true">Loading {what}…</p>;
}

/** Which API host the dashboard talks to, and what that host says about itself. */
function ApiHostSection() {
  const config = useDashboardConfig();
  const meta = useMeta();
  return (
    <article aria-labelledby="settings-host">
      <h2 id="settings-host">API host</h2>
      {config.isPending && <Loading what="the dashboard's settings" />}
      {config.isError && <QueryError error={config.error} title="Could not read the dashboard's settings" />}
      <dl className="settings-list">
        {config.data && (
          <>
            <dt>Address</dt>
            <dd>
              <code>{config.data.apiHost}</code>
            </dd>
            <dt>Credentials</dt>
            <dd>
              {config.data.hasCredentials
                ? "Set on the dashboard's server (the key never reaches this page)."
                : 'None on the server: enter a key below.'}
            </dd>
          </>
        )}
        {meta.data && (
          <>
            <dt>Service</dt>
            <dd>{meta.data.name}</dd>
            <dt>Version</dt>
            <dd>{meta.data.version}</dd>
            {meta.data.docs_url && (
              <>
                <dt>Documentation</dt>
                <dd>
                  <a href={meta.data.docs_url} target="_blank" rel="noreferrer">
                    {meta.data.docs_url}
                  </a>
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      {meta.isPending && <Loading what="the host's name and version" />}
      {meta.isError && <QueryError error={meta.error} title="The API host did not say who it is" />}
    </article>
  );
}

function ProfileSection() {
  const profile = useProfile();
  const update = useUpdateProfile();
  return (
    <article aria-labelledby="settings-profile">
      <h2 id="settings-profile">Profile</h2>
      {profile.isPending && <Loading what="your profile" />}
      {profile.isError && <QueryError error={profile.error} title="Could not load your profile" />}
      {profile.data && (
        <>
          <dl className="settings-list">
            <dt>Login</dt>
            <dd>{profile.data.login}</dd>
            <dt>Role</dt>
            <dd>{profile.data.role}</dd>
          </dl>
          <ProfileForm profile={profile.data} onSave={(names) => update.mutateAsync(names)} />
        </>
      )}
    </article>
  );
}

function CreditsSection() {
  const wallet = useDefaultWallet();
  const price = useCreditPrice();
  return (
    <article aria-labelledby="settings-credits">
      <h2 id="settings-credits">Credits</h2>
      {wallet.isPending && <Loading what="your wallet" />}
      {wallet.isError && <QueryError error={wallet.error} title="Could not load the default wallet" />}
      <dl className="settings-list">
        {wallet.data && (
          <>
            <dt>Default wallet</dt>
            <dd>
              {wallet.data.name} ({wallet.data.status === 'ACTIVE' ? 'active' : 'inactive'})
            </dd>
            <dt>Available credits</dt>
            <dd>
              <strong>{formatCredits(wallet.data.availableCredits)}</strong>
            </dd>
          </>
        )}
        {price.data && (
          <>
            <dt>Credit price</dt>
            <dd>
              {price.data.usdPerCredit === null
                ? `Not sold for money on ${price.data.productName}`
                : `${usd.format(price.data.usdPerCredit)} per credit`}
            </dd>
          </>
        )}
      </dl>
      {price.isError && <QueryError error={price.error} title="Could not load the credit price" />}
    </article>
  );
}

/** Only when the dashboard's server has no credentials of its own. */
function SessionKeySection() {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<SessionCredentials | null>(readSessionCredentials);
  const change = (credentials: SessionCredentials | null) => {
    writeSessionCredentials(credentials);
    setCurrent(credentials);
    // Everything loaded so far was loaded with the other key (or none).
    void queryClient.resetQueries({ predicate: (query) => query.queryKey[0] !== 'dashboard' });
  };
  return (
    <article aria-labelledby="settings-key">
      <h2 id="settings-key">API key</h2>
      <SessionCredentialsForm current={current} onSave={change} onForget={() => change(null)} />
    </article>
  );
}

export function SettingsPage() {
  const config = useDashboardConfig();
  return (
    <section>
      <h1>Settings</h1>
      <ApiHostSection />
      {config.data && !config.data.hasCredentials && <SessionKeySection />}
      <ProfileSection />
      <CreditsSection />
      <LicensedItemsSection />
    </section>
  );
}

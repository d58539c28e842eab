import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client.ts';
import {
  useActiveCheckouts,
  useAvailableLicensedItems,
  useCheckoutLicensedItem,
  useLicensedItems,
  useReleaseLicensedItem,
} from '../../api/licensed-items.ts';
import type { LicensedItem, LicensedItemCheckout } from '../../api/types.ts';
import { useDefaultWallet } from '../../api/wallets.ts';
import { creditsLabel, formatCredits } from '../../components/credits.ts';
import { QueryError } from '../../components/QueryError.tsx';

/** Listing checkouts is an extension of the embedded host: another host answers 404. */
const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** What the last checkout or release did to the wallet. */
interface CreditChange {
  what: string;
  before: number;
  after: number;
}

/**
 * The licensed items of the host (e.g. anatomical models): each with its price per seat and free
 * seats, checked out with the default wallet's credits and released again.
 */
export function LicensedItemsSection() {
  const wallet = useDefaultWallet();
  const walletId = wallet.data?.walletId;
  const items = useLicensedItems();
  const available = useAvailableLicensedItems(walletId);
  const checkouts = useActiveCheckouts();
  const checkout = useCheckoutLicensedItem(walletId ?? 0);
  const release = useReleaseLicensedItem();
  const [change, setChange] = useState<CreditChange | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const busy = checkout.isPending || release.isPending;

  const availableIds = new Set(available.data?.items.map((item) => item.licensed_item_id));
  const nameOf = (id: string) => items.data?.items.find((item) => item.licensed_item_id === id)?.display_name ?? id;

  /** Runs a checkout or release and reports the wallet's credits before and after it. */
  async function act(what: string, action: () => Promise<unknown>) {
    const before = wallet.data?.availableCredits;
    setFailure(null);
    setChange(null);
    try {
      await action();
      const after = (await wallet.refetch()).data?.availableCredits;
      if (before !== undefined && after !== undefined) setChange({ what, before, after });
    } catch (error) {
      setFailure(error);
    }
  }

  return (
    <article aria-labelledby="settings-licensed-items">
      <h2 id="settings-licensed-items">Licensed items</h2>
      <p>
        Models and other licensed resources, paid per seat with the credits of your wallet
        {wallet.data && (
          <>
            {' '}
            (<strong>{creditsLabel(wallet.data.availableCredits)}</strong> available)
          </>
        )}
        .
      </p>
      {change && (
        <p role="status" className="credit-change">
          {change.what}: credits {formatCredits(change.before)} → {formatCredits(change.after)}
        </p>
      )}
      {failure !== null && (
        <article role="alert" className="error-box">
          <strong>That did not work</strong>
          <p>{errorMessage(failure)}</p>
        </article>
      )}
      {items.isPending && <p aria-busy="true">Loading the licensed items…</p>}
      {items.isError && <QueryError error={items.error} title="Could not load the licensed items" />}
      {items.data && items.data.items.length === 0 && <p>This host offers no licensed items.</p>}
      {items.data && items.data.items.length > 0 && (
        <div className="overflow-auto">
          <table>
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Price per seat</th>
                <th scope="col">Free seats</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.data.items
                .filter((item) => !item.is_hidden_on_market)
                .map((item) => (
                  <ItemRow
                    key={item.licensed_item_id}
                    item={item}
                    canCheckOut={walletId !== undefined && availableIds.has(item.licensed_item_id)}
                    busy={busy}
                    onCheckOut={() => act(`Checked out ${item.display_name}`, () => checkout.mutateAsync(item))}
                  />
                ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Checked out</h3>
      {checkouts.isError &&
        (isNotFound(checkouts.error) ? (
          <p>This API host does not list its checkouts.</p>
        ) : (
          <QueryError error={checkouts.error} title="Could not list the checked-out items" />
        ))}
      {checkouts.data?.length === 0 && <p>Nothing is checked out.</p>}
      {checkouts.data && checkouts.data.length > 0 && (
        <ul className="checkout-list">
          {checkouts.data.map((one: LicensedItemCheckout) => (
            <li key={one.licensed_item_checkout_id}>
              {nameOf(one.licensed_item_id)}: {one.num_of_seats} {one.num_of_seats === 1 ? 'seat' : 'seats'} since{' '}
              {new Date(one.started_at).toLocaleString()}{' '}
              <button
                type="button"
                className="secondary outline"
                disabled={busy}
                aria-label={`Release ${nameOf(one.licensed_item_id)}`}
                onClick={() => act(`Released ${nameOf(one.licensed_item_id)}`, () => release.mutateAsync(one))}
              >
                Release
              </button>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function ItemRow({
  item,
  canCheckOut,
  busy,
  onCheckOut,
}: {
  item: LicensedItem;
  canCheckOut: boolean;
  busy: boolean;
  onCheckOut(): void;
}) {
  return (
    <tr>
      <th scope="row">
        {item.display_name}{' '}
        <small className="port-key">
          {item.key} {item.version}
        </small>
      </th>
      <td>{item.credits_per_seat === undefined ? '—' : creditsLabel(item.credits_per_seat)}</td>
      <td>{item.seats === undefined ? '—' : `${item.free_seats ?? '?'} of ${item.seats}`}</td>
      <td>
        <button
          type="button"
          disabled={!canCheckOut || busy}
          aria-label={`Check out ${item.display_name}`}
          onClick={onCheckOut}
        >
          Check out
        </button>
      </td>
    </tr>
  );
}

import { type Static, Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import type { LicensedItem, LicensedItemCheckout, LicensedItemService } from '../services/licensed-items.ts';
import { PageQuery, pageOf } from './pagination.ts';
import { Nullable, PageOf } from './response-schemas.ts';

/** `LicensedItemGet`, plus the local price and seats (extra fields, which clients ignore). */
export const LicensedItemSchema = Type.Object({
  licensed_item_id: Type.String(),
  key: Type.String(),
  version: Type.String(),
  display_name: Type.String(),
  licensed_resource_type: Type.Literal('VIP_MODEL'),
  licensed_resources: Type.Array(
    Type.Object({
      source: Type.Object({
        id: Type.Integer(),
        description: Type.String(),
        thumbnail: Type.String(),
        features: Type.Record(Type.String(), Type.String()),
        doi: Nullable(Type.String()),
        license_key: Type.String(),
        license_version: Type.String(),
        protection: Type.Literal('Code'),
        available_from_url: Nullable(Type.String()),
      }),
      category_id: Type.String(),
      category_display: Type.String(),
      terms_of_use_url: Nullable(Type.String()),
    }),
  ),
  pricing_plan_id: Type.Integer(),
  is_hidden_on_market: Type.Boolean(),
  created_at: Type.String(),
  modified_at: Type.String(),
  credits_per_seat: Type.Number(),
  seats: Type.Integer(),
  free_seats: Type.Integer(),
});

const LicensedItemPage = PageOf(LicensedItemSchema);

/** `LicensedItemCheckoutGet`, plus the credits the checkout took. */
export const CheckoutSchema = Type.Object({
  licensed_item_checkout_id: Type.String(),
  licensed_item_id: Type.String(),
  key: Type.String(),
  version: Type.String(),
  wallet_id: Type.Integer(),
  user_id: Type.Integer(),
  product_name: Type.String(),
  started_at: Type.String(),
  stopped_at: Nullable(Type.String()),
  num_of_seats: Type.Integer(),
  credits: Type.Number(),
});

const CheckoutBody = Type.Object({
  number_of_seats: Type.Integer({ exclusiveMinimum: 0 }),
  service_run_id: Type.String({ minLength: 1, maxLength: 200 }),
});

const WalletId = Type.Integer({ exclusiveMinimum: 0 });
const ItemId = Type.String({ format: 'uuid' });

/** The local user and product, as the rest of the host names them (profile id 1, credits of osparc-local). */
const LOCAL_USER_ID = 1;
const LOCAL_PRODUCT = 'osparc-local';

function toLicensedItem(item: LicensedItem, items: LicensedItemService): Static<typeof LicensedItemSchema> {
  return {
    licensed_item_id: item.id,
    key: item.key,
    version: item.version,
    display_name: item.display_name,
    licensed_resource_type: 'VIP_MODEL',
    licensed_resources: [
      {
        source: {
          id: item.index,
          description: item.description,
          thumbnail: '',
          features: { date: item.loadedAt.slice(0, 10), ...item.features },
          doi: null,
          license_key: item.key,
          license_version: item.version,
          protection: 'Code',
          available_from_url: null,
        },
        category_id: item.category_id,
        category_display: item.category_display,
        terms_of_use_url: item.terms_of_use_url,
      },
    ],
    pricing_plan_id: 1,
    is_hidden_on_market: item.is_hidden_on_market,
    created_at: item.loadedAt,
    modified_at: item.loadedAt,
    credits_per_seat: item.credits_per_seat,
    seats: item.seats,
    free_seats: item.seats - items.seatsInUse(item.id),
  };
}

function toCheckout(checkout: LicensedItemCheckout): Static<typeof CheckoutSchema> {
  return {
    licensed_item_checkout_id: checkout.id,
    licensed_item_id: checkout.licensedItemId,
    key: checkout.key,
    version: checkout.version,
    wallet_id: checkout.walletId,
    user_id: LOCAL_USER_ID,
    product_name: LOCAL_PRODUCT,
    started_at: checkout.startedAt,
    stopped_at: checkout.stoppedAt,
    num_of_seats: checkout.numOfSeats,
    credits: checkout.credits,
  };
}

/** Upstream: api/routes/licensed_items.py and the licensed-items routes of api/routes/wallets.py. */
export function registerLicensedItemRoutes(app: Router, { licensedItems }: HostContext): void {
  app.get(
    '/v0/licensed-items',
    { schema: { querystring: PageQuery, response: { 200: LicensedItemPage } } },
    async (request) => {
      const items = licensedItems.all().map((item) => toLicensedItem(item, licensedItems));
      return pageOf(request, items, request.query.limit, request.query.offset);
    },
  );

  // Local extension: the checkouts not yet released, so a client can find what to release.
  app.get(
    '/v0/licensed-items/checked-out-items',
    { schema: { response: { 200: Type.Array(CheckoutSchema) } } },
    async () => licensedItems.active().map(toCheckout),
  );

  app.post(
    '/v0/licensed-items/:licensed_item_id/checked-out-items/:licensed_item_checkout_id/release',
    {
      schema: {
        params: Type.Object({ licensed_item_id: ItemId, licensed_item_checkout_id: ItemId }),
        response: { 200: CheckoutSchema },
      },
    },
    async (request) =>
      toCheckout(licensedItems.release(request.params.licensed_item_id, request.params.licensed_item_checkout_id)),
  );

  app.get(
    '/v0/wallets/:wallet_id/licensed-items',
    {
      schema: {
        params: Type.Object({ wallet_id: WalletId }),
        querystring: PageQuery,
        response: { 200: LicensedItemPage },
      },
    },
    async (request) => {
      const items = licensedItems
        .availableFor(request.params.wallet_id)
        .map((item) => toLicensedItem(item, licensedItems));
      return pageOf(request, items, request.query.limit, request.query.offset);
    },
  );

  app.post(
    '/v0/wallets/:wallet_id/licensed-items/:licensed_item_id/checkout',
    {
      schema: {
        params: Type.Object({ wallet_id: WalletId, licensed_item_id: ItemId }),
        body: CheckoutBody,
        response: { 200: CheckoutSchema },
      },
    },
    async (request) => {
      const { wallet_id, licensed_item_id } = request.params;
      const { number_of_seats, service_run_id } = request.body;
      return toCheckout(licensedItems.checkout(wallet_id, licensed_item_id, number_of_seats, service_run_id));
    },
  );
}

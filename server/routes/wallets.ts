import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import { CreditPrice, Wallet } from './response-schemas.ts';

const WalletParams = Type.Object({ wallet_id: Type.Integer({ exclusiveMinimum: 0 }) });

export function registerWalletRoutes(app: Router, context: HostContext): void {
  const { wallet } = context;

  app.get('/v0/wallets/default', { schema: { response: { 200: Wallet } } }, async () => wallet.defaultWallet());

  app.get('/v0/wallets/:wallet_id', { schema: { params: WalletParams, response: { 200: Wallet } } }, async (request) =>
    wallet.wallet(request.params.wallet_id),
  );

  app.get('/v0/credits/price', { schema: { response: { 200: CreditPrice } } }, async () => wallet.creditPrice());
}

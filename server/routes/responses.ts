import { Type } from '@sinclair/typebox';
import type { Router } from '../context.ts';
import { apiErrors } from '../errors.ts';

/**
 * The responses section (a chat model, OpenAI Responses compatible). Upstream
 * (api/routes/responses.py) validates the request, then answers 503 "The chatbot service is
 * not enabled." when no model is configured: this host never runs one.
 */
const CreateResponseBody = Type.Object({
  background: Type.Literal(true),
  input: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 50 }),
  model: Type.Unknown(),
  temperature: Type.Number({ minimum: 0, maximum: 2 }),
  metadata: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  text: Type.Optional(Type.Unknown()),
});

export const NO_MODEL_MESSAGE =
  'The chatbot service is not enabled. This local oSPARC host runs no model, so it cannot create responses.';

export function registerResponseRoutes(app: Router): void {
  app.post('/v0/responses', { schema: { body: CreateResponseBody } }, async () => {
    throw apiErrors.serviceUnavailable(NO_MODEL_MESSAGE);
  });

  // No model ran here, so no response id is known (upstream: 404 for a task it cannot find).
  app.get(
    '/v0/responses/:response_id',
    { schema: { params: Type.Object({ response_id: Type.String() }) } },
    async (request) => {
      throw apiErrors.notFound('Response', `${request.params.response_id} (this local host runs no model)`);
    },
  );
}

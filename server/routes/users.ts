import { Type } from '@sinclair/typebox';
import type { HostContext, Router } from '../context.ts';
import { Profile } from './response-schemas.ts';

const Name = Type.Union([Type.String({ maxLength: 255 }), Type.Null()]);

const ProfileUpdateBody = Type.Object(
  {
    first_name: Type.Optional(Name),
    last_name: Type.Optional(Name),
    language: Type.Optional(Type.Union([Type.Enum({ en: 'en', es_ES: 'es_ES', zh_CN: 'zh_CN' }), Type.Null()])),
  },
  { additionalProperties: false },
);

export function registerUserRoutes(app: Router, { users }: HostContext): void {
  app.get('/v0/me', { schema: { response: { 200: Profile } } }, async () => users.profile());
  app.put('/v0/me', { schema: { body: ProfileUpdateBody, response: { 200: Profile } } }, async (request) =>
    users.update(request.body),
  );
}

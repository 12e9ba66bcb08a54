/** The caller: who the token says they are. */
import { builder } from './builder.js';
import { UnauthenticatedError } from '../engine/domain/errors.js';

const ViewerRef = builder.objectRef<{ userId: string; orgId: string; permissions: string[] }>('Viewer').implement({
  fields: (t) => ({
    userId: t.exposeString('userId'),
    orgId: t.exposeString('orgId'),
    permissions: t.exposeStringList('permissions'),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    resolve: (_root, _args, ctx) => {
      if (!ctx.token) throw ctx.authError ?? new UnauthenticatedError('missing API token');
      return { userId: ctx.token.userId, orgId: ctx.token.orgId, permissions: ctx.token.permissions };
    },
  }),
);

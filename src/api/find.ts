/** HAProxy's cli_find_server() and cli_find_frontend(): `backend/server` and frontend lookups with their messages. */
import type { Backend } from '../runtime/backend.js';
import type { Frontend } from '../runtime/frontend.js';
import type { Server } from '../runtime/server.js';
import type { ApiContext } from './context.js';

export type Found<T> = { ok: true; value: T } | { ok: false; error: string };

export function splitRef(arg: string | undefined): { be: string; srv: string } | undefined {
  const a = arg ?? '';
  const i = a.indexOf('/');
  if (i <= 0 || i === a.length - 1) return undefined;
  return { be: a.slice(0, i), srv: a.slice(i + 1) };
}

export function findServer(api: ApiContext, arg: string | undefined): Found<{ be: Backend; srv: Server }> {
  const r = splitRef(arg);
  if (!r) return { ok: false, error: "Require 'backend/server'.\n" };
  const be = api.backendByRef(r.be);
  if (!be) return { ok: false, error: 'No such backend.\n' };
  const srv = api.serverByRef(be, r.srv);
  if (!srv) return { ok: false, error: 'No such server.\n' };
  return { ok: true, value: { be, srv } };
}

export function findFrontend(api: ApiContext, arg: string | undefined): Found<Frontend> {
  if (!arg) return { ok: false, error: 'A frontend name is expected.\n' };
  const fe = api.graph.frontends.find((f) => f.frontend.name === arg)?.frontend;
  if (!fe) return { ok: false, error: 'No such frontend.\n' };
  return { ok: true, value: fe };
}

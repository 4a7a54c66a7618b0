/**
 * Wire protocol of `feature-studio serve`, shared by the server and the browser bridge.
 *
 * - `POST /api/<method>` with the JSON arguments as body → 200 with the JSON result, or an
 *   error status with `{ error: StudioErrorJson }`.
 * - Every `/api/*` request needs the launch token (`Authorization: Bearer <token>` or
 *   `?token=<token>`), except `GET /api/health`; without it the answer is 401 before routing.
 * - Events: a WebSocket at `/api/events?token=<token>` sends `EventMessage` frames as JSON.
 */
export const API_PREFIX = '/api/';
export const EVENTS_PATH = '/api/events';
export const HEALTH_PATH = '/api/health';

export interface EventMessage {
  event: string;
  payload: unknown;
}

export const statusForCode: Record<string, number> = {
  'bad-input': 400,
  'bad-file': 422,
  shape: 422,
  dtype: 422,
  unsupported: 422,
  'not-found': 404,
  conflict: 409,
  locked: 423,
  forbidden: 403,
  unauthorized: 401,
  cancelled: 499,
  runtime: 500,
  internal: 500,
};

// Request body budgets. Plivo's webhook forms are a few hundred bytes to a few KB; the dashboard's JSON and
// server-action bodies are small forms. Anything larger is refused with 413 before it is read further.
export const WEBHOOK_BODY_LIMIT_BYTES = 16 * 1024;
export const API_BODY_LIMIT_BYTES = 64 * 1024;

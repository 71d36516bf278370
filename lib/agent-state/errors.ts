// A refused state change or disposition, with the HTTP status it maps to (400 bad input, 403 not yours,
// 404 unknown, 409 the state moved on). Route handlers and actions turn it into their answer; nothing is written.
export class AgentStateError extends Error {
  override name = "AgentStateError";
  constructor(
    public readonly status: 400 | 403 | 404 | 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

// The one error layer for JSON route handlers and server actions: a thrown HttpError or ZodError becomes the status
// a client can act on (400 with every issue, 401, 403, 404, 409, 413, 429), anything else a generic 500 and one log
// line with the route's name, so no stack or SQL reaches a browser. Webhooks do not use this: a caller must hear a
// re-prompt or an apology, never a status (lib/ivr/ivr-route.ts).
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { log } from "../log";

export type Issue = { param: string; message: string };
export type ErrorBody = { error: string; issues?: Issue[] };

export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

export const issuesOf = (error: z.ZodError): Issue[] =>
  error.issues.map((i) => ({ param: i.path.join(".") || "input", message: i.message }));

export const invalidInput = (error: z.ZodError, message = "Invalid input.") => new HttpError(400, message, issuesOf(error));
export const unauthenticated = () => new HttpError(401, "Sign in as a supervisor first.");
export const forbidden = () => new HttpError(403, "Your role may not do this.");
export const notFound = (what: string) => new HttpError(404, `${what} was not found.`);

const GENERIC = "Something went wrong. Try again.";

/** Status and body for any thrown value; unknown errors are logged here, once, with `where` they happened. */
export function mapError(err: unknown, where: string): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) return { status: err.status, body: err.issues ? { error: err.message, issues: err.issues } : { error: err.message } };
  if (err instanceof z.ZodError) return { status: 400, body: { error: "Invalid input.", issues: issuesOf(err) } };
  log.error({ where, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, "request failed");
  return { status: 500, body: { error: GENERIC } };
}

/** Wraps a JSON route handler: whatever it throws is answered through mapError. */
export function jsonRoute<A extends unknown[]>(where: string, handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      unstable_rethrow(err); // Next's own control flow (redirect, notFound, dynamic usage) is not an error
      const { status, body } = mapError(err, where);
      return Response.json(body, { status });
    }
  };
}

/** What a server action's form shows when the action failed. */
export type ActionFailure = { ok: false; status: number; message: string; fieldErrors?: Record<string, string[]> };

/** Runs a server action body: a failure becomes a message for the form instead of Next's error page. */
export async function runAction<T>(where: string, action: () => Promise<T>): Promise<T | ActionFailure> {
  try {
    return await action();
  } catch (err) {
    unstable_rethrow(err);
    const { status, body } = mapError(err, where);
    if (!body.issues) return { ok: false, status, message: body.error };
    const fieldErrors: Record<string, string[]> = {};
    for (const i of body.issues) (fieldErrors[i.param] ??= []).push(i.message);
    return { ok: false, status, message: "Check the highlighted fields.", fieldErrors };
  }
}

// A small Node HTTP server hosting the REAL webhook route handlers (app/ivr/**, app/plivo/callback), for the chaos
// test: it can be killed (SIGKILL) and restarted in a second or two, which a `next start` build could not.
// Usage: PORT=... DATABASE_URL=... PUBLIC_BASE_URL=http://127.0.0.1:PORT tsx tests/support/chaos-server.mts
import { createServer } from "node:http";
import * as action from "../../app/ivr/action/route";
import * as dialEvents from "../../app/ivr/dial-events/route";
import * as dialResult from "../../app/ivr/dial-result/route";
import * as feedback from "../../app/ivr/feedback/route";
import * as language from "../../app/ivr/language/route";
import * as menu from "../../app/ivr/menu/route";
import * as queue from "../../app/ivr/queue/route";
import * as start from "../../app/ivr/start/route";
import * as callback from "../../app/plivo/callback/route";
import { getDb } from "../../lib/db/client";

type Handler = (r: Request) => Promise<Response>;
const ROUTES: Record<string, { GET?: Handler; POST?: Handler }> = {
  "/ivr/start": start, "/ivr/language": language, "/ivr/menu": menu, "/ivr/action": action, "/ivr/queue": queue,
  "/ivr/dial-result": dialResult, "/ivr/dial-events": dialEvents, "/ivr/feedback": feedback, "/plivo/callback": callback,
};

await getDb(); // open (and tune) the database before taking traffic
const port = Number(process.env.PORT);
createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const url = `http://127.0.0.1:${port}${req.url}`;
  const mod = ROUTES[new URL(url).pathname];
  const handler = req.method === "GET" ? mod?.GET : mod?.POST;
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const response = await handler(new Request(url, { method: req.method, headers, body: req.method === "GET" ? undefined : Buffer.concat(chunks) }));
  res.writeHead(response.status, Object.fromEntries(response.headers)).end(Buffer.from(await response.arrayBuffer()));
}).listen(port, "127.0.0.1", () => console.log(`chaos server listening on ${port}`));

// Second baseline for the load benchmark (npm run bench, issue #20): what every caller webhook pays before it touches
// the database. The same front door as the IVR routes (the form body read within its byte budget, the Plivo V3
// signature, zod on Plivo's parameters and our URL markers), a real level-1 menu rendered as Plivo XML, one log line,
// and no database, no flow and no deferred work. Its throughput against /bench/static-xml's is the ceiling of the IVR's
// IVR/static ratio on the machine at hand: no database or flow, however fast, can lift a webhook above it.
// A 404 unless the bench started the server (BENCH_STATIC_XML=1); a forged request gets the IVR's 403.
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { xmlResponse } from "@/lib/ivr/ivr-route";
import { SEED_LANGUAGES } from "@/lib/db/seed";
import { renderApology, renderLanguageMenu } from "@/lib/ivr/responses";
import { ivrQuery, plivoCallParams } from "@/lib/ivr/webhook-params";
import { readPlivoWebhook } from "@/lib/telephony/webhook";

export const dynamic = "force-dynamic";

// The seed's languages, as the answer URL's step reads them from the database.
const LANGUAGES = [...SEED_LANGUAGES];

export async function POST(request: Request) {
  if (!env().benchStaticXml) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  const started = performance.now();
  // The replay window is the database's part (the nonce write), so it is left to a caller that is not here.
  const verified = await readPlivoWebhook(request, { replayCheck: "caller" });
  if (!verified.ok) return verified.response;
  const parsed = plivoCallParams.safeParse(verified.webhook.params);
  if (!parsed.success) return xmlResponse(renderApology());
  const query = ivrQuery.parse(verified.webhook.query);
  const xml = renderLanguageMenu(LANGUAGES, query.a);
  log.info({ route: "bench-signed", callUuid: parsed.data.CallUUID, digits: parsed.data.Digits ?? null, ms: Math.round(performance.now() - started) }, "ivr webhook");
  return xmlResponse(xml);
}

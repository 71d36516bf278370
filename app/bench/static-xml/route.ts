// Baseline for the load benchmark (npm run bench): the cheapest possible Plivo-style answer, a constant XML body
// from a route handler, so the IVR routes' throughput and latency can be compared with Next's own floor in the
// same run. No input, no state, no secrets; and a 404 unless the bench started the server (BENCH_STATIC_XML=1).
import { env } from "@/lib/env";

const XML = '<?xml version="1.0" encoding="utf-8"?><Response><Speak language="en-US" voice="WOMAN">Hello</Speak><Hangup/></Response>';

export const dynamic = "force-dynamic";

export function POST() {
  if (!env().benchStaticXml) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(XML, { headers: { "content-type": "application/xml" } });
}

export const GET = POST;

"use client";
// Recharts panels for the analytics page. Data arrives computed from the server; this file only draws it.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Analytics } from "@/lib/dashboard/load-analytics";
import { card } from "./ui-classes";

const PALETTE = ["#4f46e5", "#059669", "#d97706", "#db2777", "#0891b2", "#7c3aed", "#65a30d", "#dc2626"];

function Panel({ title, description, children, empty }: { title: string; description: string; children: React.ReactNode; empty?: boolean }) {
  return (
    <section className={`${card} p-4`} aria-label={title}>
      <h2 className="font-semibold text-slate-900">{title}</h2>
      <p className="mb-3 text-xs text-slate-500">{description}</p>
      {empty ? <p className="grid h-56 place-items-center text-sm text-slate-400">No data in this period yet.</p> : <div className="h-56">{children}</div>}
    </section>
  );
}

export function AnalyticsCharts({ data }: { data: Analytics }) {
  const hasTrend = data.ratingTrend.agents.length > 0;
  return (
    <div className="grid gap-6 lg:grid-cols-2" data-testid="analytics-charts">
      <Panel title="CSAT by language" description="Share of ratings 3–4 out of 4 (bars) and the mean rating." empty={data.csatByLanguage.length === 0}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data.csatByLanguage}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="language" />
            <YAxis yAxisId="pct" domain={[0, 100]} unit="%" />
            <YAxis yAxisId="rating" orientation="right" domain={[0, 4]} />
            <Tooltip />
            <Legend />
            <Bar yAxisId="pct" dataKey="csat" name="CSAT %" fill="#4f46e5" radius={[4, 4, 0, 0]} />
            <Bar yAxisId="rating" dataKey="avgRating" name="Mean rating" fill="#a5b4fc" radius={[4, 4, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>
      <Panel title="Rating trend per agent" description="Daily mean rating (1–4) of the period's ten most-rated agents." empty={!hasTrend}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data.ratingTrend.points}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" />
            <YAxis domain={[1, 4]} ticks={[1, 2, 3, 4]} />
            <Tooltip />
            <Legend />
            {data.ratingTrend.agents.map((a, i) => (
              <Line key={a.id} type="monotone" dataKey={a.id} name={a.name} stroke={PALETTE[i % PALETTE.length]} connectNulls dot />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </Panel>
      <Panel title="Average call duration" description="Mean agent talk time per day, seconds." empty={data.durationByDay.every((d) => d.calls === 0)}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data.durationByDay}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" />
            <YAxis unit="s" />
            <Tooltip />
            <Bar dataKey="avgTalkSeconds" name="Avg talk (s)" fill="#059669" radius={[4, 4, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>
      <Panel title="Calls per hour" description="Calls started in each of the last 24 hours." empty={data.callsPerHour.every((h) => h.calls === 0)}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data.callsPerHour}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="hour" interval={3} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="calls" name="Calls" fill="#d97706" radius={[4, 4, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </Panel>
    </div>
  );
}

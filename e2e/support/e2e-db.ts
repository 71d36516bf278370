// The e2e server's database URL, as playwright.config.ts gives it to the server. The QA specs set up (and take
// back) the floor they need in it; anything that is not an e2e database is refused, so a spec can never rewrite a
// developer's or a deployed floor.
export function e2eDatabaseUrl(): string {
  const port = Number(process.env.E2E_PORT ?? 3100);
  return process.env.E2E_DATABASE_URL ?? `file:./.data/e2e-${port}.db`;
}

export function assertE2eDatabase(url: string): void {
  const local = /^file:\.\/\.data\/e2e-\d+\.db$/.test(url);
  const postgres = /^postgres(ql)?:/.test(url) && isLoopbackE2e(new URL(url));
  if (!local && !postgres) throw new Error(`refusing to touch ${url}: the QA specs only run against a local e2e database`);
}

function isLoopbackE2e(u: URL): boolean {
  return ["127.0.0.1", "localhost", "[::1]"].includes(u.hostname) && u.pathname.includes("e2e");
}

// A plain query issued while another request holds an interactive transaction must not run inside it (without the
// wrapper, a read saw the transaction's uncommitted, later rolled-back row).
import { afterAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "./client";

const url = process.env.DATABASE_URL!;
const db = createPrismaClient(url);
afterAll(() => db.$disconnect());

describe.skipIf(!url.startsWith("file:"))("SQLite adapter serialization", () => {
  it("does not let a plain read see a transaction's uncommitted row", async () => {
    let insideTx!: () => void;
    const txOpen = new Promise<void>((r) => (insideTx = r));
    const tx = db
      .$transaction(async (t) => {
        await t.language.create({ data: { code: "it", name: "Italiano", locale: "it-IT", menuDigit: 5 } });
        insideTx();
        await new Promise((r) => setTimeout(r, 50));
        throw new Error("roll back");
      })
      .catch(() => null);
    await txOpen;
    const seen = await db.language.findUnique({ where: { code: "it" } });
    await tx;
    expect(seen).toBeNull();
  });
});

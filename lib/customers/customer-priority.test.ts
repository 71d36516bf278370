// Caller priority set by supervisors (#19): stored 0-3 by phone number, anything else refused with nothing stored.
import { beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type Db } from "../db/client";
import { customerPriorityInput, listPriorityCustomers, setCustomerPriority } from "./customer-priority";

let db: Db;
beforeAll(() => {
  db = createPrismaClient(process.env.DATABASE_URL!);
});

describe("customer priority", () => {
  it("creates or updates the customer by number, and 0 makes them normal again", async () => {
    await setCustomerPriority(db, customerPriorityInput.parse({ phone: "+1 415 555 0123", priority: "3" }));
    expect((await db.customer.findUniqueOrThrow({ where: { phone: "+14155550123" } })).priority).toBe(3);
    await setCustomerPriority(db, { phone: "+14155550123", priority: 1 });
    expect((await listPriorityCustomers(db)).find((c) => c.phone === "+14155550123")?.priority).toBe(1);
    await setCustomerPriority(db, { phone: "+14155550123", priority: 0 });
    expect((await listPriorityCustomers(db)).some((c) => c.phone === "+14155550123")).toBe(false);
  });

  it.each([
    [{ phone: "+14155550124", priority: "4" }, "priority", /0 \(normal\) to 3/],
    [{ phone: "+14155550124", priority: "-1" }, "priority", /0 \(normal\) to 3/],
    [{ phone: "+14155550124", priority: "1.5" }, "priority", /whole number/],
    [{ phone: "555-0124", priority: "2" }, "phone", /international format/],
  ] as const)("refuses %o with a message on %s and stores nothing", async (input, field, message) => {
    const r = customerPriorityInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.flatten().fieldErrors[field]?.[0]).toMatch(message);
    await expect(setCustomerPriority(db, input as never)).rejects.toThrow();
    expect(await db.customer.count({ where: { phone: "+14155550124" } })).toBe(0);
  });
});

// Caller priority (#19): supervisors mark a customer 0-3 (3 = VIP) by phone number; routing moves a caller with
// priority earlier in line (lib/routing/queue.ts placeInLine). A number not seen yet gets a customer row now, so a
// VIP's first call is already prioritised.
import { z } from "zod";
import { e164Phone } from "../agents/e164-phone";
import type { Db } from "../db/client";
import { PRIORITY_MAX, PRIORITY_MIN } from "../routing/queue";

export const customerPriorityInput = z.object({
  phone: e164Phone,
  priority: z.coerce
    .number({ error: "Priority must be a whole number from 0 to 3" })
    .int("Priority must be a whole number from 0 to 3")
    .min(PRIORITY_MIN, "Priority must be from 0 (normal) to 3 (VIP)")
    .max(PRIORITY_MAX, "Priority must be from 0 (normal) to 3 (VIP)"),
});
export type CustomerPriorityInput = z.infer<typeof customerPriorityInput>;

export async function setCustomerPriority(db: Db, input: CustomerPriorityInput): Promise<{ id: string; priority: number }> {
  // Validated again here: no caller (form, script, future API) can store a priority outside 0-3.
  const { phone, priority } = customerPriorityInput.parse(input);
  return db.customer.upsert({
    where: { phone },
    create: { phone, priority },
    update: { priority },
    select: { id: true, priority: true },
  });
}

/** Customers with a priority, highest first (the page lists them; normal customers are the default). */
export async function listPriorityCustomers(db: Db, take = 200) {
  return db.customer.findMany({
    where: { priority: { gt: 0 } },
    orderBy: [{ priority: "desc" }, { phone: "asc" }],
    select: { id: true, phone: true, priority: true, totalCalls: true, lastRating: true, lastAgent: { select: { name: true } } },
    take,
  });
}

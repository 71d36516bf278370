// "Why this agent" for #19, from the stored decision to the rendered card: the preferred-agent reason, the skill the
// caller needed, their priority, and each candidate's proficiency with the score points it was worth.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DecisionCard } from "@/components/decision-card";
import { assignAgent } from "../routing";
import type { Skill } from "../routing/skills";
import { routingTestDb } from "../../tests/support/routing-db";
import { createAgent, createCall, testOptions } from "../../tests/support/routing-fixtures";
import { loadDecisions } from "./load-live-floor";

const { db } = routingTestDb();

describe("why this agent (#19)", () => {
  it("shows the reason, the needed skill, the caller's priority and the skill column", async () => {
    const known = await createAgent(db, { name: "Known Kim", skills: [{ skill: "billing", proficiency: 2 }] });
    await createAgent(db, { name: "Expert Eve", ratingSum: 40, ratingCount: 10, skills: [{ skill: "billing", proficiency: 5 }] });
    const customer = await db.customer.create({ data: { phone: "+14155557777", priority: 3, lastAgentId: known.id, lastRating: 4 } });
    const call = await createCall(db, "en", { customerId: customer.id, to: "+14155550100" });
    const { opts } = testOptions({ skillByNumber: new Map<string, Skill>([["+14155550100", "billing"]]), weightSkill: 2 });
    const r = await assignAgent(db, { callId: call.id, languageCode: "en" }, opts);
    expect(r).toMatchObject({ kind: "assigned", agent: { id: known.id } });

    const [decision] = await loadDecisions(db, { callId: call.id });
    expect(decision).toMatchObject({ reason: "preferred agent", requiredSkill: "billing", priority: 3 });
    const html = renderToStaticMarkup(createElement(DecisionCard, { decision: decision!, open: true, zone: "UTC" }));
    expect(html).toContain("preferred agent");
    expect(html).toContain("needs skill: <span class=\"font-medium\">billing</span>");
    expect(html).toContain("caller priority 3");
    expect(html).toMatch(/Skill<\/th>/);
    expect(html).toContain("(−10.00)"); // Eve: proficiency 5 x weight 2, ranked first by score
    expect(html).toContain("(−4.00)"); // Kim: proficiency 2, chosen as the preferred agent
    expect(html).toMatch(/Known Kim<span class="ml-1 text-indigo-700">✓ chosen/);
  });
});

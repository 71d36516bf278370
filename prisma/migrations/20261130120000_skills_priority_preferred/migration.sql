-- #19: skills with a proficiency per agent, caller priority that ages (a place in line on the call), the preferred
-- agent's reason on the decision, and the skill term of each recorded candidate. Ranges (proficiency 1-5, priority 0-3)
-- are checked by zod (lib/routing/skills.ts): a CHECK constraint crashes Prisma 6.19's PostgreSQL diff engine.
ALTER TABLE "Call" ADD COLUMN "placeAt" DATETIME;
ALTER TABLE "Call" ADD COLUMN "requiredSkill" TEXT;
ALTER TABLE "Call" ADD COLUMN "preferredUntil" DATETIME;
ALTER TABLE "Customer" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "RoutingCandidate" ADD COLUMN "proficiency" INTEGER;
ALTER TABLE "RoutingCandidate" ADD COLUMN "skillPoints" REAL NOT NULL DEFAULT 0;
ALTER TABLE "RoutingDecision" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "RoutingDecision" ADD COLUMN "reason" TEXT;
ALTER TABLE "RoutingDecision" ADD COLUMN "requiredSkill" TEXT;

CREATE TABLE "AgentSkill" (
    "agentId" TEXT NOT NULL,
    "skill" TEXT NOT NULL,
    "proficiency" INTEGER NOT NULL,

    PRIMARY KEY ("agentId", "skill"),
    CONSTRAINT "AgentSkill_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "AgentSkill_skill_agentId_idx" ON "AgentSkill"("skill", "agentId");

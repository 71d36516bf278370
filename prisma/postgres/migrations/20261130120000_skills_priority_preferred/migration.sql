-- #19: skills with a proficiency per agent, caller priority that ages (a place in line on the call), the preferred
-- agent's reason on the decision, and the skill term of each recorded candidate. Ranges (proficiency 1-5, priority 0-3)
-- are checked by zod (lib/routing/skills.ts): a CHECK constraint crashes Prisma 6.19's PostgreSQL diff engine.
-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "placeAt" TIMESTAMP(3),
ADD COLUMN     "requiredSkill" TEXT,
ADD COLUMN     "preferredUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "RoutingCandidate" ADD COLUMN     "proficiency" INTEGER,
ADD COLUMN     "skillPoints" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "RoutingDecision" ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "requiredSkill" TEXT;

-- CreateTable
CREATE TABLE "AgentSkill" (
    "agentId" TEXT NOT NULL,
    "skill" TEXT NOT NULL,
    "proficiency" INTEGER NOT NULL,

    CONSTRAINT "AgentSkill_pkey" PRIMARY KEY ("agentId","skill")
);

-- CreateIndex
CREATE INDEX "AgentSkill_skill_agentId_idx" ON "AgentSkill"("skill", "agentId");

-- AddForeignKey
ALTER TABLE "AgentSkill" ADD CONSTRAINT "AgentSkill_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- AlterEnum
BEGIN;
CREATE TYPE "AgentStatus_new" AS ENUM ('AVAILABLE', 'BUSY', 'WRAP_UP', 'NOT_READY', 'OFFLINE');
ALTER TABLE "public"."Agent" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Agent" ALTER COLUMN "status" TYPE "AgentStatus_new" USING ((CASE WHEN "status"::text = 'AWAY' THEN 'NOT_READY' ELSE "status"::text END)::"AgentStatus_new");
ALTER TYPE "AgentStatus" RENAME TO "AgentStatus_old";
ALTER TYPE "AgentStatus_new" RENAME TO "AgentStatus";
DROP TYPE "public"."AgentStatus_old";
ALTER TABLE "Agent" ALTER COLUMN "status" SET DEFAULT 'AVAILABLE';
COMMIT;

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "notReadyReason" TEXT,
ADD COLUMN     "stateSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "wrapUpCallId" TEXT,
ADD COLUMN     "wrapUpExtended" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "wrapUpUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "NotReadyReason" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "agentSelectable" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "NotReadyReason_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "DispositionCode" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DispositionCode_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "CallDisposition" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "agentId" TEXT,
    "code" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallDisposition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentStateChange" (
    "id" SERIAL NOT NULL,
    "agentId" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "callId" TEXT,
    "until" TIMESTAMP(3),
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentStateChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentAccount" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CallDisposition_callId_key" ON "CallDisposition"("callId");

-- CreateIndex
CREATE INDEX "CallDisposition_agentId_createdAt_idx" ON "CallDisposition"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "AgentStateChange_agentId_at_idx" ON "AgentStateChange"("agentId", "at");

-- CreateIndex
CREATE INDEX "AgentStateChange_at_idx" ON "AgentStateChange"("at");

-- CreateIndex
CREATE UNIQUE INDEX "AgentAccount_agentId_key" ON "AgentAccount"("agentId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentAccount_email_key" ON "AgentAccount"("email");

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_notReadyReason_fkey" FOREIGN KEY ("notReadyReason") REFERENCES "NotReadyReason"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallDisposition" ADD CONSTRAINT "CallDisposition_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallDisposition" ADD CONSTRAINT "CallDisposition_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallDisposition" ADD CONSTRAINT "CallDisposition_code_fkey" FOREIGN KEY ("code") REFERENCES "DispositionCode"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentStateChange" ADD CONSTRAINT "AgentStateChange_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentAccount" ADD CONSTRAINT "AgentAccount_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Reasons and disposition codes are data: seeded here so every database (local, test, production) has them.
INSERT INTO "NotReadyReason" ("code", "label", "agentSelectable", "sortOrder") VALUES
  ('BREAK', 'Break', true, 1),
  ('LUNCH', 'Lunch', true, 2),
  ('TRAINING', 'Training', true, 3),
  ('MEETING', 'Meeting', true, 4),
  ('MISSED_CALLS', 'Missed calls', false, 5);
INSERT INTO "DispositionCode" ("code", "label", "sortOrder") VALUES
  ('RESOLVED', 'Resolved', 1),
  ('FOLLOW_UP', 'Follow-up needed', 2),
  ('ESCALATED', 'Escalated', 3),
  ('CALLBACK', 'Callback requested', 4),
  ('WRONG_NUMBER', 'Wrong number', 5);

-- The old AWAY (set after missed calls) is now not-ready with the reason "Missed calls".
UPDATE "Agent" SET "notReadyReason" = 'MISSED_CALLS' WHERE "status" = 'NOT_READY' AND "notReadyReason" IS NULL;
UPDATE "Agent" SET "stateSince" = "updatedAt";

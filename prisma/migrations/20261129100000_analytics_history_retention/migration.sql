-- AlterTable
ALTER TABLE "Call" ADD COLUMN "routedAt" DATETIME;

-- CreateIndex
CREATE INDEX "AgentAssignment_assignedAt_idx" ON "AgentAssignment"("assignedAt");

-- CreateIndex
CREATE INDEX "Call_startedAt_id_idx" ON "Call"("startedAt", "id");

-- CreateIndex
CREATE INDEX "Call_languageCode_startedAt_id_idx" ON "Call"("languageCode", "startedAt", "id");

-- CreateIndex
CREATE INDEX "Call_agentId_startedAt_id_idx" ON "Call"("agentId", "startedAt", "id");

-- CreateIndex
CREATE INDEX "Call_status_startedAt_id_idx" ON "Call"("status", "startedAt", "id");

-- CreateIndex
CREATE INDEX "CallEvent_at_idx" ON "CallEvent"("at");

-- CreateIndex
CREATE INDEX "Feedback_createdAt_idx" ON "Feedback"("createdAt");

-- CreateIndex
CREATE INDEX "Feedback_rating_callId_idx" ON "Feedback"("rating", "callId");

-- CreateIndex
CREATE INDEX "WebhookReceipt_createdAt_idx" ON "WebhookReceipt"("createdAt");


-- Backfill: when each past call first reached routing (analytics keep it after its decisions are pruned)
UPDATE "Call" SET "routedAt" = (SELECT MIN(d."createdAt") FROM "RoutingDecision" d WHERE d."callId" = "Call"."id") WHERE "routedAt" IS NULL;

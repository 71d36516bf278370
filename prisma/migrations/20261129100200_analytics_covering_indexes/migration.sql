-- CreateIndex
CREATE INDEX "Call_startedAt_routedAt_agentConnectedAt_status_agentTalkSeconds_idx" ON "Call"("startedAt", "routedAt", "agentConnectedAt", "status", "agentTalkSeconds");

-- CreateIndex
CREATE INDEX "Feedback_createdAt_agentId_rating_callId_idx" ON "Feedback"("createdAt", "agentId", "rating", "callId");

-- CreateIndex
CREATE INDEX "Call_agentConnectedAt_agentId_idx" ON "Call"("agentConnectedAt", "agentId");


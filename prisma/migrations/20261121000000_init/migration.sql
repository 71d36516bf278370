-- CreateTable
CREATE TABLE "Language" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "voice" TEXT NOT NULL DEFAULT 'WOMAN',
    "menuDigit" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true
);

-- CreateTable
CREATE TABLE "Agent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'AVAILABLE',
    "totalCalls" INTEGER NOT NULL DEFAULT 0,
    "totalTalkSeconds" INTEGER NOT NULL DEFAULT 0,
    "avgCallDuration" REAL NOT NULL DEFAULT 0,
    "ratingSum" INTEGER NOT NULL DEFAULT 0,
    "ratingCount" INTEGER NOT NULL DEFAULT 0,
    "coachingFlag" BOOLEAN NOT NULL DEFAULT false,
    "consecutiveMisses" INTEGER NOT NULL DEFAULT 0,
    "currentCallId" TEXT,
    "lastAssignedAt" DATETIME,
    "idleSince" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AgentLanguage" (
    "agentId" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,

    PRIMARY KEY ("agentId", "languageCode"),
    CONSTRAINT "AgentLanguage_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgentLanguage_languageCode_fkey" FOREIGN KEY ("languageCode") REFERENCES "Language" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgentAssignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL DEFAULT 'PENDING',
    "endedAt" DATETIME,
    CONSTRAINT "AgentAssignment_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AgentAssignment_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "phone" TEXT NOT NULL,
    "totalCalls" INTEGER NOT NULL DEFAULT 0,
    "totalTalkSeconds" INTEGER NOT NULL DEFAULT 0,
    "avgCallDuration" REAL NOT NULL DEFAULT 0,
    "lastAgentId" TEXT,
    "lastRating" INTEGER,
    "preferredLanguage" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Customer_lastAgentId_fkey" FOREIGN KEY ("lastAgentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Customer_preferredLanguage_fkey" FOREIGN KEY ("preferredLanguage") REFERENCES "Language" ("code") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Call" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callUuid" TEXT NOT NULL,
    "requestUuid" TEXT,
    "direction" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "languageCode" TEXT,
    "step" TEXT NOT NULL DEFAULT 'GREETING',
    "stepAttempts" INTEGER NOT NULL DEFAULT 0,
    "stepEnteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'RINGING',
    "customerId" TEXT,
    "agentId" TEXT,
    "dialAttempts" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" DATETIME,
    "queuedAt" DATETIME,
    "agentConnectedAt" DATETIME,
    "agentEndedAt" DATETIME,
    "endedAt" DATETIME,
    "duration" INTEGER,
    "agentTalkSeconds" INTEGER,
    "hangupCause" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Call_languageCode_fkey" FOREIGN KEY ("languageCode") REFERENCES "Language" ("code") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Call_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Call_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CallEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "callId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "detail" TEXT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CallEvent_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Feedback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "customerId" TEXT,
    "agentId" TEXT,
    "rating" INTEGER NOT NULL,
    "callDuration" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Feedback_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Feedback_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Feedback_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoutingDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "chosenAgentId" TEXT,
    "candidateCount" INTEGER NOT NULL,
    "claimAttempts" INTEGER NOT NULL DEFAULT 1,
    "durationMicros" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RoutingDecision_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoutingDecision_chosenAgentId_fkey" FOREIGN KEY ("chosenAgentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RoutingCandidate" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "decisionId" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "score" REAL NOT NULL,
    "recentCalls" INTEGER NOT NULL,
    "avgDuration" REAL NOT NULL,
    "avgRating" REAL NOT NULL,
    "ratingCount" INTEGER NOT NULL,
    "claimed" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "RoutingCandidate_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "RoutingDecision" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RoutingCandidate_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Supervisor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WebhookReceipt" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "response" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "RealtimeSequence" (
    "channel" TEXT NOT NULL PRIMARY KEY,
    "value" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "count" INTEGER NOT NULL,
    "windowEnd" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Language_menuDigit_key" ON "Language"("menuDigit");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_phone_key" ON "Agent"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_currentCallId_key" ON "Agent"("currentCallId");

-- CreateIndex
CREATE INDEX "Agent_status_idx" ON "Agent"("status");

-- CreateIndex
CREATE INDEX "AgentLanguage_languageCode_idx" ON "AgentLanguage"("languageCode");

-- CreateIndex
CREATE INDEX "AgentAssignment_agentId_assignedAt_idx" ON "AgentAssignment"("agentId", "assignedAt");

-- CreateIndex
CREATE INDEX "AgentAssignment_callId_idx" ON "AgentAssignment"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_phone_key" ON "Customer"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "Call_callUuid_key" ON "Call"("callUuid");

-- CreateIndex
CREATE UNIQUE INDEX "Call_requestUuid_key" ON "Call"("requestUuid");

-- CreateIndex
CREATE INDEX "Call_status_queuedAt_idx" ON "Call"("status", "queuedAt");

-- CreateIndex
CREATE INDEX "Call_startedAt_idx" ON "Call"("startedAt");

-- CreateIndex
CREATE INDEX "Call_agentId_idx" ON "Call"("agentId");

-- CreateIndex
CREATE INDEX "CallEvent_callId_at_idx" ON "CallEvent"("callId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_callId_key" ON "Feedback"("callId");

-- CreateIndex
CREATE INDEX "Feedback_agentId_createdAt_idx" ON "Feedback"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "RoutingDecision_callId_idx" ON "RoutingDecision"("callId");

-- CreateIndex
CREATE INDEX "RoutingDecision_createdAt_idx" ON "RoutingDecision"("createdAt");

-- CreateIndex
CREATE INDEX "RoutingCandidate_decisionId_idx" ON "RoutingCandidate"("decisionId");

-- CreateIndex
CREATE UNIQUE INDEX "Supervisor_email_key" ON "Supervisor"("email");


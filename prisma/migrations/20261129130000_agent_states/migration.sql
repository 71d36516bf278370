-- CreateTable
CREATE TABLE "NotReadyReason" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "agentSelectable" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "DispositionCode" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "CallDisposition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "agentId" TEXT,
    "code" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CallDisposition_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CallDisposition_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CallDisposition_code_fkey" FOREIGN KEY ("code") REFERENCES "DispositionCode" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgentStateChange" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agentId" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "callId" TEXT,
    "until" DATETIME,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgentStateChange_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AgentAccount" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agentId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AgentAccount_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Agent" (
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
    "updatedAt" DATETIME NOT NULL,
    "notReadyReason" TEXT,
    "stateSince" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "wrapUpUntil" DATETIME,
    "wrapUpCallId" TEXT,
    "wrapUpExtended" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Agent_notReadyReason_fkey" FOREIGN KEY ("notReadyReason") REFERENCES "NotReadyReason" ("code") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Agent" ("avgCallDuration", "coachingFlag", "consecutiveMisses", "createdAt", "currentCallId", "id", "idleSince", "lastAssignedAt", "name", "phone", "ratingCount", "ratingSum", "status", "totalCalls", "totalTalkSeconds", "updatedAt") SELECT "avgCallDuration", "coachingFlag", "consecutiveMisses", "createdAt", "currentCallId", "id", "idleSince", "lastAssignedAt", "name", "phone", "ratingCount", "ratingSum", CASE WHEN "status" = 'AWAY' THEN 'NOT_READY' ELSE "status" END, "totalCalls", "totalTalkSeconds", "updatedAt" FROM "Agent";
DROP TABLE "Agent";
ALTER TABLE "new_Agent" RENAME TO "Agent";
CREATE UNIQUE INDEX "Agent_phone_key" ON "Agent"("phone");
CREATE UNIQUE INDEX "Agent_currentCallId_key" ON "Agent"("currentCallId");
CREATE INDEX "Agent_status_idx" ON "Agent"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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


-- Reasons and disposition codes are data: seeded here so every database (local, test, production) has them.
INSERT INTO "NotReadyReason" ("code", "label", "agentSelectable", "sortOrder") VALUES
  ('BREAK', 'Break', 1, 1),
  ('LUNCH', 'Lunch', 1, 2),
  ('TRAINING', 'Training', 1, 3),
  ('MEETING', 'Meeting', 1, 4),
  ('MISSED_CALLS', 'Missed calls', 0, 5);
INSERT INTO "DispositionCode" ("code", "label", "sortOrder") VALUES
  ('RESOLVED', 'Resolved', 1),
  ('FOLLOW_UP', 'Follow-up needed', 2),
  ('ESCALATED', 'Escalated', 3),
  ('CALLBACK', 'Callback requested', 4),
  ('WRONG_NUMBER', 'Wrong number', 5);

-- The old AWAY (set after missed calls) is now not-ready with the reason "Missed calls".
UPDATE "Agent" SET "notReadyReason" = 'MISSED_CALLS' WHERE "status" = 'NOT_READY' AND "notReadyReason" IS NULL;
UPDATE "Agent" SET "stateSince" = "updatedAt";

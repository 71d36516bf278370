-- #18 queued callback + estimated wait: the Callback table (one open callback per number through the unique, nullable
-- activePhone), the outbound leg's callbackId and the announced wait on Call (plain columns: no Call table rebuild).
-- AlterTable
ALTER TABLE "Call" ADD COLUMN "callbackId" TEXT;
ALTER TABLE "Call" ADD COLUMN "waitEstimateSeconds" INTEGER;

-- CreateTable
CREATE TABLE "Callback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "originCallId" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "activePhone" TEXT,
    "languageCode" TEXT NOT NULL,
    "placeAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "nextAttemptAt" DATETIME NOT NULL,
    "dialingSince" DATETIME,
    "lastResult" TEXT,
    "callbackCallId" TEXT,
    "mergedRequests" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Callback_originCallId_fkey" FOREIGN KEY ("originCallId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Callback_activePhone_key" ON "Callback"("activePhone");

-- CreateIndex
CREATE INDEX "Callback_status_languageCode_placeAt_idx" ON "Callback"("status", "languageCode", "placeAt");

-- CreateIndex
CREATE INDEX "Callback_createdAt_idx" ON "Callback"("createdAt");

-- CreateIndex
CREATE INDEX "Call_callbackId_idx" ON "Call"("callbackId");


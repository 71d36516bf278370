-- #18 business hours per language (weekly + dated exceptions), voicemail, and calls that reached a closed line.
-- CreateTable
CREATE TABLE "BusinessHours" (
    "languageCode" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "opensAt" INTEGER NOT NULL DEFAULT 0,
    "closesAt" INTEGER NOT NULL DEFAULT 1440,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("languageCode", "weekday"),
    CONSTRAINT "BusinessHours_languageCode_fkey" FOREIGN KEY ("languageCode") REFERENCES "Language" ("code") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HoursException" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "languageCode" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "closed" BOOLEAN NOT NULL DEFAULT true,
    "opensAt" INTEGER,
    "closesAt" INTEGER,
    "label" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "HoursException_languageCode_fkey" FOREIGN KEY ("languageCode") REFERENCES "Language" ("code") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Voicemail" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "languageCode" TEXT,
    "recordingId" TEXT NOT NULL,
    "recordingUrl" TEXT NOT NULL,
    "durationSeconds" INTEGER NOT NULL DEFAULT 0,
    "transcription" TEXT,
    "status" TEXT NOT NULL DEFAULT 'NEW',
    "assignedAgentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" DATETIME,
    CONSTRAINT "Voicemail_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Voicemail_assignedAgentId_fkey" FOREIGN KEY ("assignedAgentId") REFERENCES "Agent" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- AlterTable (a plain ADD COLUMN: SQLite needs no table rebuild for a constant default)
ALTER TABLE "Call" ADD COLUMN "outsideHours" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "HoursException_languageCode_date_key" ON "HoursException"("languageCode", "date");

-- CreateIndex
CREATE UNIQUE INDEX "Voicemail_recordingId_key" ON "Voicemail"("recordingId");

-- CreateIndex
CREATE INDEX "Voicemail_status_createdAt_idx" ON "Voicemail"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Voicemail_createdAt_idx" ON "Voicemail"("createdAt");

-- CreateIndex
CREATE INDEX "Voicemail_callId_idx" ON "Voicemail"("callId");


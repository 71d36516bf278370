-- #18 business hours per language (weekly + dated exceptions), voicemail, and calls that reached a closed line.
-- CreateEnum
CREATE TYPE "VoicemailStatus" AS ENUM ('NEW', 'ASSIGNED', 'DONE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "IvrStep" ADD VALUE 'AFTER_HOURS';
ALTER TYPE "IvrStep" ADD VALUE 'VOICEMAIL';

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "outsideHours" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "BusinessHours" (
    "languageCode" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "closed" BOOLEAN NOT NULL DEFAULT false,
    "opensAt" INTEGER NOT NULL DEFAULT 0,
    "closesAt" INTEGER NOT NULL DEFAULT 1440,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BusinessHours_pkey" PRIMARY KEY ("languageCode","weekday")
);

-- CreateTable
CREATE TABLE "HoursException" (
    "id" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "closed" BOOLEAN NOT NULL DEFAULT true,
    "opensAt" INTEGER,
    "closesAt" INTEGER,
    "label" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HoursException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Voicemail" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "languageCode" TEXT,
    "recordingId" TEXT NOT NULL,
    "recordingUrl" TEXT NOT NULL,
    "durationSeconds" INTEGER NOT NULL DEFAULT 0,
    "transcription" TEXT,
    "status" "VoicemailStatus" NOT NULL DEFAULT 'NEW',
    "assignedAgentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "Voicemail_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "BusinessHours" ADD CONSTRAINT "BusinessHours_languageCode_fkey" FOREIGN KEY ("languageCode") REFERENCES "Language"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HoursException" ADD CONSTRAINT "HoursException_languageCode_fkey" FOREIGN KEY ("languageCode") REFERENCES "Language"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Voicemail" ADD CONSTRAINT "Voicemail_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Voicemail" ADD CONSTRAINT "Voicemail_assignedAgentId_fkey" FOREIGN KEY ("assignedAgentId") REFERENCES "Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- #18 queued callback + estimated wait (same steps as the SQLite migration of this name).
-- CreateEnum
CREATE TYPE "CallbackStatus" AS ENUM ('PENDING', 'DIALING', 'CONNECTED', 'COMPLETED', 'FAILED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "callbackId" TEXT,
ADD COLUMN     "waitEstimateSeconds" INTEGER;

-- CreateTable
CREATE TABLE "Callback" (
    "id" TEXT NOT NULL,
    "originCallId" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "activePhone" TEXT,
    "languageCode" TEXT NOT NULL,
    "placeAt" TIMESTAMP(3) NOT NULL,
    "status" "CallbackStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "dialingSince" TIMESTAMP(3),
    "lastResult" TEXT,
    "callbackCallId" TEXT,
    "mergedRequests" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Callback_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Callback_activePhone_key" ON "Callback"("activePhone");

-- CreateIndex
CREATE INDEX "Callback_status_languageCode_placeAt_idx" ON "Callback"("status", "languageCode", "placeAt");

-- CreateIndex
CREATE INDEX "Callback_createdAt_idx" ON "Callback"("createdAt");

-- CreateIndex
CREATE INDEX "Call_callbackId_idx" ON "Call"("callbackId");

-- AddForeignKey
ALTER TABLE "Callback" ADD CONSTRAINT "Callback_originCallId_fkey" FOREIGN KEY ("originCallId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;


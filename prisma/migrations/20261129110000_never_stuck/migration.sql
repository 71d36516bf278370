-- AlterTable
ALTER TABLE "Call" ADD COLUMN "lastSeenAt" DATETIME;

-- CreateTable
CREATE TABLE "MaintenanceLease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

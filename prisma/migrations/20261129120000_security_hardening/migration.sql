-- CreateTable
CREATE TABLE "WebhookNonce" (
    "nonce" TEXT NOT NULL PRIMARY KEY,
    "firstSeenMs" BIGINT NOT NULL
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" TEXT,
    "ip" TEXT
);

-- AlterTable (plain ADD COLUMN: SQLite allows it with a constant default, no table rebuild needed)
ALTER TABLE "Supervisor" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'SUPERVISOR';
ALTER TABLE "Supervisor" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateIndex
CREATE INDEX "WebhookNonce_firstSeenMs_idx" ON "WebhookNonce"("firstSeenMs");

-- CreateIndex
CREATE INDEX "AuditEvent_at_id_idx" ON "AuditEvent"("at", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_at_idx" ON "AuditEvent"("actorId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- The first supervisor (the one the environment seeded) administers the others.
UPDATE "Supervisor" SET "role" = 'ADMIN' WHERE "id" = (SELECT "id" FROM "Supervisor" ORDER BY "createdAt" ASC, "id" ASC LIMIT 1);

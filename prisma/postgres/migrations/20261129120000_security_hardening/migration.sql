-- AlterTable
ALTER TABLE "Supervisor" ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'SUPERVISOR',
ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "WebhookNonce" (
    "nonce" TEXT NOT NULL,
    "firstSeenMs" BIGINT NOT NULL,

    CONSTRAINT "WebhookNonce_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorEmail" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" TEXT,
    "ip" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

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

-- AgentAssignment.outcome becomes the AssignmentOutcome enum (adds CANCELLED for a cancelled Dial).
-- Converted in place (USING), not dropped and re-added as `prisma migrate diff` suggests: existing rows keep
-- their outcomes, and every stored value is already one of the enum's.
CREATE TYPE "AssignmentOutcome" AS ENUM ('PENDING', 'ANSWERED', 'NO_ANSWER', 'BUSY', 'FAILED', 'RELEASED', 'CANCELLED');

ALTER TABLE "AgentAssignment" ALTER COLUMN "outcome" DROP DEFAULT;
ALTER TABLE "AgentAssignment" ALTER COLUMN "outcome" TYPE "AssignmentOutcome" USING "outcome"::"AssignmentOutcome";
ALTER TABLE "AgentAssignment" ALTER COLUMN "outcome" SET DEFAULT 'PENDING';

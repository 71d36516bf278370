-- Analytics rollup (#13) holds the #18 figures too: calls outside hours and the error of the wait estimate per
-- (day, language, agent), voicemails and callbacks by status per day. Days rolled up before this have no such
-- figures, so the rollup starts over: the maintenance job refills it (the page computes unrolled days live meanwhile).
-- (No semicolons in these comments: the PostgreSQL migration runner splits statements on them.)
DELETE FROM "DailyCallStats";
DELETE FROM "DailyCallStatsDay";

-- AlterTable
ALTER TABLE "DailyCallStats" ADD COLUMN "outsideHours" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStats" ADD COLUMN "waitErrAbsMs" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStats" ADD COLUMN "waitErrMs" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStats" ADD COLUMN "waitScored" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStats" ADD COLUMN "waitWithin60" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "DailyCallStatsDay" ADD COLUMN "callbacksCancelled" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStatsDay" ADD COLUMN "callbacksCompleted" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStatsDay" ADD COLUMN "callbacksFailed" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStatsDay" ADD COLUMN "callbacksOpen" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "DailyCallStatsDay" ADD COLUMN "voicemails" INTEGER NOT NULL DEFAULT 0;

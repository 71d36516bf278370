-- Analytics rollup (#13): DailyCallStats summed over agents per (day, language), written with it by the job. Days already
-- rolled up have none, so the rollup starts over (the job refills it, unrolled days are computed live meanwhile).
DELETE FROM "DailyCallStats";
DELETE FROM "DailyCallStatsDay";

-- CreateTable
CREATE TABLE "DailyLanguageStats" (
    "zone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "requests" INTEGER NOT NULL,
    "answered" INTEGER NOT NULL,
    "waitMs" BIGINT NOT NULL,
    "slBase" INTEGER NOT NULL,
    "withinSl" INTEGER NOT NULL,
    "endedRequests" INTEGER NOT NULL,
    "abandoned" INTEGER NOT NULL,
    "talked" INTEGER NOT NULL,
    "talkSum" INTEGER NOT NULL,
    "talkedNz" INTEGER NOT NULL,
    "talkSumNz" INTEGER NOT NULL,
    "ratings" INTEGER NOT NULL,
    "ratingGood" INTEGER NOT NULL,
    "ratingSum" INTEGER NOT NULL,
    "outsideHours" INTEGER NOT NULL,
    "waitScored" INTEGER NOT NULL,
    "waitErrAbsMs" BIGINT NOT NULL,
    "waitErrMs" BIGINT NOT NULL,
    "waitWithin60" INTEGER NOT NULL,

    CONSTRAINT "DailyLanguageStats_pkey" PRIMARY KEY ("zone","day","languageCode")
);


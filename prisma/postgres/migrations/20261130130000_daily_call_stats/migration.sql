-- Analytics rollup (#13): daily sums per (call-centre day, language, agent) and the days held, kept by the maintenance job.
-- CreateTable
CREATE TABLE "DailyCallStats" (
    "zone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "languageCode" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
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

    CONSTRAINT "DailyCallStats_pkey" PRIMARY KEY ("zone", "day", "languageCode", "agentId")
);

-- CreateTable
CREATE TABLE "DailyCallStatsDay" (
    "zone" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DailyCallStatsDay_pkey" PRIMARY KEY ("zone", "day")
);

-- CreateIndex
CREATE INDEX "DailyCallStats_zone_agentId_day_idx" ON "DailyCallStats"("zone", "agentId", "day");

-- DropTable
DROP TABLE "RealtimeSequence";


-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "RealtimeSequence";
PRAGMA foreign_keys=on;


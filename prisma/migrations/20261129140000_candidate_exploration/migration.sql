-- The exploration term of each recorded candidate, so "why this agent" shows every term of the score (#19).
ALTER TABLE "RoutingCandidate" ADD COLUMN "exploration" REAL NOT NULL DEFAULT 0;

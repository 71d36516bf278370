// The CallStatus enum's values as a tuple for zod and select boxes (mirrors prisma/schema.prisma).
import type { CallStatus } from "../generated/prisma/enums";

export const CALL_STATUSES = ["RINGING", "IN_IVR", "QUEUED", "CONNECTING", "CONNECTED", "COMPLETED", "ABANDONED", "FAILED"] as const satisfies readonly CallStatus[];

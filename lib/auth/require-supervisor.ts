// Kept so existing imports keep working: the session checks live in session.ts.
export { currentSupervisor, requireSupervisor, requireAdmin, unauthorized, type SupervisorSession } from "./session";

// Auth.js endpoints (session, csrf, callback, signout).
export { GET, POST } from "@/auth";

// What hosted Pusher accepts, so the local server can refuse the same (a local test must not pass on a name hosted
// Pusher rejects): channel names at most 164 characters of [A-Za-z0-9_-=@,.;], event names of the same charset
// (at most 200 characters).
import { z } from "zod";

const CHARSET = /^[A-Za-z0-9_\-=@,.;]+$/;
export const CHANNEL_NAME_MAX = 164;
export const EVENT_NAME_MAX = 200;

export const channelName = z.string().min(1).max(CHANNEL_NAME_MAX).regex(CHARSET, "channel name outside Pusher's charset");
export const eventName = z.string().min(1).max(EVENT_NAME_MAX).regex(CHARSET, "event name outside Pusher's charset");

// pusher-js for trusted Node code that holds the app secret (tests, the benchmark, the latency script): it signs its
// own private-channel subscriptions instead of asking /api/pusher/auth, which needs a supervisor session. Browsers
// never use this; they subscribe through use-floor-channel.ts.
import Pusher from "pusher";
import PusherClient from "pusher-js";

export type SelfSigningClientOptions = {
  app: { id: string; key: string; secret: string };
  /** A self-hosted Pusher-protocol server (the local one); omit both for hosted Pusher. */
  host?: string;
  port?: number;
  cluster?: string;
  forceTLS?: boolean;
  /** Connect with another key than the signing one (NEXT_PUBLIC_PUSHER_KEY, or a test of a wrong key). */
  clientKey?: string;
};

export function selfSigningPusherClient(options: SelfSigningClientOptions): PusherClient {
  const { app, host, port, cluster = "local", forceTLS = false } = options;
  // Signing is a local HMAC over socket id and channel name: the signer needs only the app's credentials.
  const signer = new Pusher({ appId: app.id, key: app.key, secret: app.secret, cluster });
  return new PusherClient(options.clientKey ?? app.key, {
    cluster,
    forceTLS,
    ...(host ? { wsHost: host, wsPort: port, wssPort: port, enabledTransports: forceTLS ? ["wss" as const] : ["ws" as const] } : {}),
    channelAuthorization: {
      endpoint: "unused",
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => callback(null, signer.authorizeChannel(socketId, channelName)),
    },
  });
}

"use client";
// What a dashboard page shows when loading it failed: the shell (navigation, live connection) stays, the page
// offers a retry. The server logged the error; the browser only gets its digest, to quote when reporting it.
import { useEffect } from "react";
import { buttonPrimary, card } from "@/components/ui-classes";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error); // the browser's console: the server already logged the cause
  }, [error]);
  return (
    <div role="alert" className={`${card} space-y-3 p-6`}>
      <h1 className="text-lg font-semibold text-slate-900">This page could not be loaded</h1>
      <p className="text-sm text-slate-600">
        Something went wrong while reading the floor. Calls and routing are not affected; try again in a moment.
        {error.digest ? <span className="block pt-1 text-xs text-slate-400">Reference: {error.digest}</span> : null}
      </p>
      <button type="button" className={buttonPrimary} onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}

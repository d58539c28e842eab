import { useCallback, useEffect, useRef, useState } from 'react';

type NoticePermission = NotificationPermission | 'unsupported';

interface CompletionNoticeOptions {
  /** Words for the end, e.g. `SUCCESS` or `3 of 3 jobs ended`; by default `Ended` / `All N jobs ended`. */
  outcome?: string;
  /** Good news (✓) or not (✗); by default good. */
  succeeded?: boolean;
}

export interface CompletionNotice {
  /** The watched work ended while this page was open. */
  ended: boolean;
  /** The text the tab's title shows once it ended. */
  title: string;
  permission: NoticePermission;
  /** The user asked for a browser notification (and the browser allowed it). */
  requested: boolean;
  /** Asks the browser for permission to notify; remembers the wish when allowed. */
  request(): Promise<void>;
}

function currentPermission(): NoticePermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The title of an ended piece of work: `✓ SUCCESS — sleeper job`. */
function completionTitle(total: number, label: string, options: CompletionNoticeOptions = {}): string {
  const outcome = options.outcome ?? (total === 1 ? 'Ended' : `All ${total} jobs ended`);
  return `${options.succeeded === false ? '✗' : '✓'} ${outcome} — ${label}`;
}

/**
 * Tells the user when something they watch ends: a job (`stoppedCount` 0 or 1 of `total` 1) or
 * a sweep (`stoppedCount` of `total` jobs). Only an end seen happening counts: opening the page
 * of work that had already ended says nothing. On that end the tab's title changes (restored
 * when the page closes) and, if the user allowed it with `request()`, a browser notification
 * says the same. Pair it with `<NotifyWhenEndsButton notice={...} />`.
 */
export function useCompletionNotice(
  stoppedCount: number,
  total: number,
  label: string,
  options: CompletionNoticeOptions = {},
): CompletionNotice {
  const [permission, setPermission] = useState<NoticePermission>(currentPermission);
  const [requested, setRequested] = useState(false);
  const [ended, setEnded] = useState(false);
  const watching = useRef(false);
  const originalTitle = useRef<string | null>(null);
  const title = completionTitle(total, label, options);
  const done = total > 0 && stoppedCount >= total;

  useEffect(() => {
    originalTitle.current = document.title;
    return () => {
      if (originalTitle.current !== null) document.title = originalTitle.current;
    };
  }, []);

  useEffect(() => {
    if (total > 0 && !done) {
      watching.current = true;
      // Work started again (e.g. a failed sweep job retried): the earlier end no longer holds.
      setEnded(false);
      if (originalTitle.current !== null) document.title = originalTitle.current;
      return;
    }
    if (!done || !watching.current) return;
    watching.current = false;
    setEnded(true);
    document.title = title;
    if (requested && currentPermission() === 'granted') {
      try {
        new Notification(title, { tag: `osparc-${label}` });
      } catch {
        // Some browsers only notify from a service worker; the title still says it.
      }
    }
  }, [done, total, title, label, requested]);

  const request = useCallback(async () => {
    if (typeof Notification === 'undefined') return;
    const answer = await Notification.requestPermission();
    setPermission(answer);
    setRequested(answer === 'granted');
  }, []);

  return { ended, title, permission, requested, request };
}

/**
 * "Notify me when it ends": asks the browser for permission; says when it is on, blocked or
 * impossible. Hidden once the work has ended.
 */
export function NotifyWhenEndsButton({ notice, running }: { notice: CompletionNotice; running: boolean }) {
  if (!running || notice.ended) return null;
  if (notice.permission === 'unsupported') return null;
  if (notice.requested) {
    return (
      <p role="status" className="notify-status">
        You will get a browser notification when it ends.
      </p>
    );
  }
  if (notice.permission === 'denied') {
    return (
      <p role="status" className="notify-status">
        Notifications are blocked for this site, so only the tab's title will say when it ends.
      </p>
    );
  }
  return (
    <button type="button" className="secondary outline" onClick={() => void notice.request()}>
      Notify me when it ends
    </button>
  );
}

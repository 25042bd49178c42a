package io.github.logstashasync.cli.internal;

import io.github.logstashasync.core.internal.queue.QueueDrainer;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a drain's progress on standard error: a bar redrawn in place on a terminal, or a plain line every few
 * seconds when the output goes to a file or a pipe (where carriage returns would make a mess), or nothing.
 */
public final class Progress implements QueueDrainer.Listener {

    /** How progress is shown. */
    public enum Style {
        /** A bar redrawn in place, at most ten times a second. */
        BAR,
        /** A line every {@code interval}. */
        LINES,
        /** Nothing until the summary. */
        NONE
    }

    private static final int WIDTH = 30;
    private static final long BAR_REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final Style style;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final long start;
    private long lastShown;
    private boolean drawn;

    /**
     * Creates the display.
     *
     * @param intervalNanos how often {@link Style#LINES} prints a line
     * @param clock         {@link System#nanoTime()} in the tool
     */
    public Progress(PrintWriter err, Style style, long intervalNanos, LongSupplier clock) {
        this.err = err;
        this.style = style;
        this.intervalNanos = intervalNanos;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.lastShown = start;
    }

    @Override
    public void progress(long delivered, long failed, long total, String retrying) {
        if (style == Style.NONE) {
            return;
        }
        long now = clock.getAsLong();
        boolean complete = total > 0 && delivered + failed >= total;
        if (style == Style.BAR) {
            if (drawn && !complete && retrying == null && now - lastShown < BAR_REDRAW_NANOS) {
                return;
            }
            err.print("\r" + bar(delivered, failed, total, now) + (retrying == null ? "" : "  retrying: "
                    + shorten(retrying, 60)) + "\u001b[K");
            err.flush();
            drawn = true;
            lastShown = now;
        } else {
            if (retrying == null && now - lastShown < intervalNanos) {
                return;
            }
            err.println("flush: " + line(delivered, failed, total, now)
                    + (retrying == null ? "" : "; retrying after: " + retrying));
            err.flush();
            lastShown = now;
        }
    }

    /** Ends the display: the bar's line is finished so that the summary starts on a line of its own. */
    public void finish(long delivered, long failed, long total) {
        if (style == Style.BAR) {
            long now = clock.getAsLong();
            err.println("\r" + bar(delivered, failed, total, now) + "\u001b[K");
        } else if (style == Style.LINES) {
            err.println("flush: " + line(delivered, failed, total, clock.getAsLong()));
        }
        err.flush();
    }

    private String bar(long delivered, long failed, long total, long now) {
        long done = delivered + failed;
        double fraction = total <= 0 ? 1 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%% ", Math.round(fraction * 100)) + line(delivered, failed, total, now);
    }

    private String line(long delivered, long failed, long total, long now) {
        double seconds = (now - start) / 1e9;
        long rate = seconds <= 0 ? 0 : Math.round(delivered / seconds);
        String text = String.format(Locale.ROOT, "%,d/%,d delivered", delivered, total);
        if (failed > 0) {
            text += String.format(Locale.ROOT, ", %,d failed", failed);
        }
        text += String.format(Locale.ROOT, ", %,d events/s", rate);
        long left = total - delivered - failed;
        if (rate > 0 && left > 0) {
            text += ", about " + Durations.human(java.time.Duration.ofSeconds(Math.max(1, left / rate))) + " left";
        }
        return text;
    }

    private static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}

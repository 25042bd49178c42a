package io.github.logstashasync.cli.internal;

import java.time.Duration;

/** Durations as people read them: {@code 3 h 2 min}, {@code 45 s}. */
public final class Durations {

    private Durations() {
    }

    /** Returns {@code duration} in its two largest units, for example {@code 2 d 3 h} or {@code 1 min 5 s}. */
    public static String human(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return days + " d" + (hours > 0 ? " " + hours + " h" : "");
        }
        if (hours > 0) {
            return hours + " h" + (minutes > 0 ? " " + minutes + " min" : "");
        }
        if (minutes > 0) {
            return minutes + " min" + (secs > 0 ? " " + secs + " s" : "");
        }
        if (seconds == 0 && duration.toMillis() > 0) {
            return duration.toMillis() + " ms";
        }
        return secs + " s";
    }
}

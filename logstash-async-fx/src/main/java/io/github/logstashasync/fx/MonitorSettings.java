package io.github.logstashasync.fx;

import io.github.logstashasync.core.internal.transport.TransportRegistry;
import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * How a monitor window behaves: refresh period, page size, time zone, chart window, where exports go, which
 * transports a flush can use, and which local JVMs "Open JVM…" offers. Tests replace the file chooser (a native
 * dialog), the clock, and the JVMs offered (their own child processes only).
 *
 * @param refreshPeriod how often the counts are read; at most a second, so the window keeps up
 * @param pageSize      rows per page of the table
 * @param zone          the time zone dates are shown and read in
 * @param chartWindow   how far back the charts look
 * @param busyTimeout   how long a query waits for a database lock
 * @param exportTarget  asks where to export events
 * @param transports    finds the transports for a flush, reporting providers it skips; called for each flush
 * @param clock         the time of readings
 * @param localJvms     finds the local JVMs that run pipelines, for "Open JVM…"
 */
record MonitorSettings(Duration refreshPeriod, int pageSize, ZoneId zone, Duration chartWindow, Duration busyTimeout,
                       ExportTarget exportTarget, Function<Consumer<String>, TransportRegistry> transports,
                       Clock clock, LocalJvms.Finder localJvms) {

    /** How often the counts are read by default. */
    static final Duration DEFAULT_REFRESH_PERIOD = Duration.ofMillis(1000);

    /** Asks the user for the file to export to. */
    @FunctionalInterface
    interface ExportTarget {
        /** Returns the file, or null when the user cancelled. */
        Path choose(Window owner, long events);
    }

    /**
     * The settings of the real application: a file chooser, the installed transports, the system clock and zone,
     * every local JVM of this user to pick from.
     */
    static MonitorSettings defaults() {
        return new MonitorSettings(DEFAULT_REFRESH_PERIOD, EventTable.DEFAULT_PAGE_SIZE, ZoneId.systemDefault(),
                RateHistory.DEFAULT_WINDOW, QueueSource.DEFAULT_BUSY_TIMEOUT, MonitorSettings::chooseFile,
                errors -> TransportRegistry.discover(QueueMonitor.class.getClassLoader(), errors),
                Clock.systemUTC(), LocalJvms.all());
    }

    /** Returns a copy that exports to what {@code target} says. */
    MonitorSettings withExportTarget(ExportTarget target) {
        return new MonitorSettings(refreshPeriod, pageSize, zone, chartWindow, busyTimeout, target, transports, clock,
                localJvms);
    }

    /** Returns a copy that shows times in {@code value}. */
    MonitorSettings withZone(ZoneId value) {
        return new MonitorSettings(refreshPeriod, pageSize, value, chartWindow, busyTimeout, exportTarget, transports,
                clock, localJvms);
    }

    /** Returns a copy whose "Open JVM…" lists what {@code finder} finds. */
    MonitorSettings withLocalJvms(LocalJvms.Finder finder) {
        return new MonitorSettings(refreshPeriod, pageSize, zone, chartWindow, busyTimeout, exportTarget, transports,
                clock, finder);
    }

    private static Path chooseFile(Window owner, long events) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(String.format(Locale.ROOT, "Export %,d events as JSON lines", events));
        chooser.setInitialFileName("events.jsonl");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON lines", "*.jsonl", "*.ndjson"));
        File file = chooser.showSaveDialog(owner);
        return file == null ? null : file.toPath();
    }
}

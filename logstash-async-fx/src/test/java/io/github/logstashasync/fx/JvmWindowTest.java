package io.github.logstashasync.fx;

import static io.github.logstashasync.fx.MonitorFx.onFx;
import static io.github.logstashasync.fx.MonitorFx.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The JVM view on a child JVM that this test starts, running a real pipeline that sends to a receiver of this
 * test on 127.0.0.1: the figures shown move while events are delivered; once the receiver is gone, the failed
 * sends and the last error show; once the JVM is gone, the window says so and keeps the last figures. The window
 * is real, on Monocle's headless screen as the other tests'; nothing here is skipped: a machine where the Attach
 * API cannot reach the child fails the test.
 */
class JvmWindowTest {

    /** Where the test leaves its picture of the window (copied to docs/monitor-jvm.png for the README). */
    static final Path SCREENSHOT = Path.of("target", "monitor-jvm.png");
    /** How long events are delivered before the receiver goes, so that the picture shows some history. */
    private static final Duration SENDING = Duration.ofSeconds(8);
    /** How long the sends fail before the picture is taken. */
    private static final Duration FAILING = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    private final MonitorFx fx = new MonitorFx();
    private Process child;

    @BeforeAll
    static void toolkit() throws Exception {
        MonitorFx.startToolkit();
    }

    @AfterEach
    void close() throws Exception {
        fx.closeAll();
        if (child != null) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void showsTheFiguresLiveThenTheFailuresThenThatTheJvmEnded() throws Exception {
        LineReceiver receiver = new LineReceiver();
        try {
            child = JvmChild.start("orders", receiver.port());
            JvmConnection connection = JvmConnection.open(new JvmTarget.Local(child.pid()));
            JvmWindow window = onFx(() -> JvmWindow.show(new Stage(), connection, settings(List::of)));
            assertTrue(onFx(() -> window.stage().getTitle()).contains("process " + child.pid()),
                    "the title names the process: " + onFx(() -> window.stage().getTitle()));
            until("the pipeline's pane shows the first reading", () -> window.pipeline("orders") != null
                    && window.pipeline("orders").current() != null);
            PipelinePane pane = onFx(() -> window.pipeline("orders"));
            assertEquals("tcp · memory queue", onFx(() -> ((Label) pane.lookup("#pipelineWhere"))
                    .getText()), "the transport and the queue");

            long firstSent = sent(pane);
            until("sent grows while the receiver reads", () -> number(pane.figure("sent")) > firstSent + 50,
                    () -> "sent " + pane.figure("sent") + ", receiver has " + receiver.count());
            until("the sent rate is drawn above 0", () -> pane.sentData().stream()
                    .anyMatch(point -> point.getYValue().doubleValue() > 0));
            assertTrue(number(onFx(() -> pane.figure("accepted"))) >= number(onFx(() -> pane.figure("sent"))),
                    "accepted at least as many as sent");
            // some seconds of deliveries for the picture at the end
            until("the chart shows " + SENDING.toSeconds() + " s of deliveries", () -> span(pane.sentData(),
                    point -> point.getYValue().doubleValue() > 0) >= SENDING.toSeconds(), () -> pane.sentData().size());
            assertEquals("No error reported.", onFx(() -> pane.figure("lastError")), "no error while all is well");
            assertEquals("0", onFx(() -> pane.figure("retries")), "no retries while all is well");
            assertEquals("", onFx(() -> pane.figure("destinations")), "no destination lines with one destination");
            assertTrue(onFx(() -> fx.text("#jvmReading")).matches("updated \\d\\d:\\d\\d:\\d\\d · 1 pipeline"),
                    "the header says when and how many: " + onFx(() -> fx.text("#jvmReading")));

            receiver.close();
            until("failed sends are retried once the receiver is gone", () -> number(pane.figure("retries")) > 0,
                    () -> "retries " + pane.figure("retries") + ", failed " + pane.figure("failed"));
            until("the last error shows with its time", () -> pane.figure("lastError").startsWith("Last error at "),
                    () -> pane.figure("lastError"));
            until("events wait in the queue", () -> number(pane.figure("queueDepth")) > 0,
                    () -> pane.figure("queueDepth"));
            String error = onFx(() -> pane.figure("lastError")).toLowerCase(Locale.ROOT);
            assertTrue(error.contains("refused") || error.contains("reset") || error.contains("broken pipe")
                    || error.contains("closed"), "the last error names the lost connection: " + error);
            // a picture for the README: a few seconds of failed sends after the delivered ones
            until("the chart shows " + FAILING.toSeconds() + " s without deliveries", () -> quiet(pane.sentData())
                    >= FAILING.toSeconds(), () -> pane.sentData());
            screenshot(window);

            long sentBefore = number(onFx(() -> pane.figure("sent")));
            child.destroy();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                fail("the child JVM did not end within 20 s of SIGTERM");
            }
            until("the window says the JVM ended", () -> window.gone()
                    && fx.text("#status").startsWith("The JVM has ended (process " + child.pid() + " is gone since "),
                    () -> fx.text("#status"));
            assertEquals("JVM ended", onFx(() -> fx.text("#jvmReading")), "the header says so too");
            assertEquals(sentBefore, number(onFx(() -> pane.figure("sent"))), "the last figures stay");
            assertTrue(onFx(() -> window.stage().isShowing()), "the window stays open after the JVM is gone");
        } finally {
            receiver.close();
        }
    }

    @Test
    void opensAJvmPickedFromTheQueueWindow() throws Exception {
        try (LineReceiver receiver = new LineReceiver()) {
            int closedPort;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                closedPort = free.getLocalPort();
            }
            // two destinations, failing over: the pane shows a line for each
            child = JvmChild.start("audit", "127.0.0.1:" + receiver.port() + ",127.0.0.1:" + closedPort);
            long pid = child.pid();
            Path db = dir.resolve("queue.db");
            TestQueues.open(db).close();
            MonitorSettings settings = settings(() -> LocalJvms.find(candidate -> candidate == pid));
            MonitorWindow queueWindow = fx.open(db, false, settings);

            fx.robot.clickOn("#openJvm");
            until("the picker lists the child JVM", () -> fx.robot.lookup("#jvmList").tryQuery().isPresent()
                    && fx.robot.lookup("#jvmList").queryTableView().getItems().size() == 1,
                    () -> fx.robot.lookup("#jvmSearch").tryQuery().map(node -> fx.text("#jvmSearch")).orElse("no picker"));
            LocalJvms.Found found = onFx(() -> (LocalJvms.Found) fx.robot.lookup("#jvmList").queryTableView()
                    .getItems().get(0));
            assertEquals(pid, found.pid(), "the child's process id");
            assertEquals(List.of("audit"), found.pipelines(), "its pipeline");
            assertEquals(JvmChild.class.getName(), found.program(), "its main class");
            until("the only JVM found is selected", () -> !fx.disabled("#openJvmOk"));
            fx.robot.clickOn("#openJvmOk");

            until("a JVM window opens and shows the pipeline", () -> jvmWindow(pid) != null);
            String destinations = onFx(() -> jvmWindow(pid).figure("destinations"));
            assertTrue(destinations.startsWith("127.0.0.1:" + receiver.port() + " connected, sent ")
                    && destinations.contains("\n127.0.0.1:" + closedPort + " "), "a line per destination: " + destinations);
            until("the queue window says it opened the JVM", () -> status(queueWindow).equals("opened process " + pid),
                    () -> status(queueWindow));
        }
    }

    @Test
    void aTypedTargetThatIsNoJvmKeepsThePickerOpenAndSaysWhy() throws Exception {
        Path db = dir.resolve("queue.db");
        TestQueues.open(db).close();
        fx.open(db, false, settings(List::of));
        fx.robot.clickOn("#openJvm");
        until("the picker has searched", () -> fx.robot.lookup("#jvmSearch").tryQuery().isPresent()
                && fx.text("#jvmSearch").equals("none found"));
        fx.robot.clickOn("#jvmTarget").write("localhost:99999");
        fx.robot.clickOn("#openJvmOk");
        until("the picker says what is wrong", () -> fx.text("#jvmTargetError").contains("is no HOST:PORT"),
                () -> fx.text("#jvmTargetError"));
        fx.robot.clickOn("#openJvmCancel");
        until("the picker is gone", () -> fx.robot.lookup("#jvmList").tryQuery().isEmpty());
    }

    @Test
    void theLaunchersPickerSaysWhenAJvmCannotBeReadAsksAgainAndReturnsWhenCancelled() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread launcher = new Thread(() -> {
            try {
                QueueMonitor.pickJvm(settings(List::of));
            } catch (InterruptedException | RuntimeException e) {
                failure.set(e);
            }
        }, "monitor-launcher");
        launcher.start();
        until("the picker has searched", () -> fx.robot.lookup("#jvmSearch").tryQuery().isPresent()
                && fx.text("#jvmSearch").equals("none found"), () -> "failure: " + failure.get());
        fx.robot.clickOn("#jvmTarget").write("999999999");
        fx.robot.clickOn("#openJvmOk");
        until("a dialog says the process cannot be read", () -> errorDialog() != null);
        String said = onFx(() -> errorDialog().getContentText());
        assertTrue(said.startsWith("cannot read process 999999999: "), "names the process and why: " + said);
        MonitorFx.runFx(() -> ((Button) errorDialog().lookupButton(ButtonType.OK)).fire());
        until("the picker asks again", () -> errorDialog() == null && fx.robot.lookup("#jvmList").tryQuery().isPresent()
                && fx.text("#jvmSearch").equals("none found"));
        assertTrue(launcher.isAlive(), "the launcher waits while the picker is open");
        fx.robot.clickOn("#openJvmCancel");
        launcher.join(10_000);
        assertTrue(!launcher.isAlive() && failure.get() == null, "cancelled: it returns, and throws nothing: "
                + failure.get());
    }

    private static DialogPane errorDialog() {
        for (Window window : Window.getWindows()) {
            if (window.isShowing() && window.getScene().getRoot() instanceof DialogPane pane
                    && pane.getHeaderText() != null && pane.getHeaderText().startsWith("Cannot open ")) {
                return pane;
            }
        }
        return null;
    }

    private String status(MonitorWindow window) {
        return fx.robot.from(window.stage().getScene().getRoot()).lookup("#status").queryLabeled().getText();
    }

    /** The pane of pipeline audit in the JVM window of {@code pid}, once it shows a reading; else null. */
    private static PipelinePane jvmWindow(long pid) {
        for (Window window : Window.getWindows()) {
            if (window instanceof Stage stage && stage.isShowing() && stage.getTitle() != null
                    && stage.getTitle().startsWith("JVM monitor — process " + pid)
                    && stage.getScene().lookup("#pipeline-audit") instanceof PipelinePane pane && pane.current() != null) {
                return pane;
            }
        }
        return null;
    }

    /** Settings for these tests: readings every 250 ms, 30 s of charts, {@code jvms} to pick from. */
    private static MonitorSettings settings(LocalJvms.Finder jvms) {
        MonitorSettings base = MonitorFx.settings(() -> null);
        return new MonitorSettings(Duration.ofMillis(250), base.pageSize(), ZoneOffset.UTC, Duration.ofSeconds(30),
                base.busyTimeout(), base.exportTarget(), base.transports(), Clock.systemUTC(), jvms);
    }

    /** How many seconds before the newest point the points of {@code points} have been 0. */
    private static double quiet(List<XYChart.Data<Number, Number>> points) {
        double quiet = 0;
        for (int i = points.size() - 1; i >= 0 && points.get(i).getYValue().doubleValue() == 0; i--) {
            quiet = -points.get(i).getXValue().doubleValue();
        }
        return quiet;
    }

    /** How many seconds the points of {@code points} that match {@code which} span on the chart's time axis. */
    private static double span(List<XYChart.Data<Number, Number>> points,
                               java.util.function.Predicate<XYChart.Data<Number, Number>> which) {
        double first = Double.NaN;
        double last = Double.NaN;
        for (XYChart.Data<Number, Number> point : points) {
            if (which.test(point)) {
                double x = point.getXValue().doubleValue();
                first = Double.isNaN(first) ? x : Math.min(first, x);
                last = Double.isNaN(last) ? x : Math.max(last, x);
            }
        }
        return Double.isNaN(first) ? 0 : last - first;
    }

    private static long sent(PipelinePane pane) {
        return number(onFx(() -> pane.figure("sent")));
    }

    private static long number(String shown) {
        return Long.parseLong(shown.replace(",", ""));
    }

    /** Saves the window as it is drawn now to {@link #SCREENSHOT}. */
    private static void screenshot(JvmWindow window) throws Exception {
        WritableImage image = WaitForAsyncUtils.asyncFx(() -> window.stage().getScene().snapshot(null))
                .get(MonitorFx.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                picture.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Files.createDirectories(SCREENSHOT.getParent());
        File file = SCREENSHOT.toFile();
        assertTrue(ImageIO.write(picture, "png", file), "a PNG writer is there");
    }
}

package io.github.logstashasync.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The real terminal. {@link System#console()} where standard input and output are a terminal; otherwise (output
 * redirected, {@code --json > file}) the process's controlling terminal {@code /dev/tty}, with echo turned off by
 * {@code stty} and back on afterwards, also at Ctrl-C. Without either (cron, CI, a container without a TTY) there
 * is no terminal, and the caller says how else to give the secret.
 */
final class SystemTerminal implements TerminalPrompt {

    private static final File TTY = new File("/dev/tty");

    @Override
    public char[] readSecret(String question) {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] answer = console.readPassword("%s", question);
            return answer == null ? new char[0] : answer;
        }
        return fromControllingTerminal(question);
    }

    /**
     * From Java 22 on, {@code System.console()} also returns a console when the streams are redirected, and
     * {@code isTerminal()} (absent before) tells; before 22 a console is there only when they are a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static char[] fromControllingTerminal(String question) {
        if (!TTY.exists() || File.separatorChar != '/') {
            return null;
        }
        // opening /dev/tty fails (ENXIO) in a process without a controlling terminal
        try (InputStream in = new FileInputStream(TTY); OutputStream out = new FileOutputStream(TTY)) {
            if (!stty("-echo")) {
                return null;
            }
            Thread restore = new Thread(() -> stty("echo"), "logstash-async-restore-echo");
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                out.write(question.getBytes(terminalCharset()));
                out.flush();
                char[] answer = readLine(in);
                out.write('\n'); // the Enter that was not echoed
                out.flush();
                return answer;
            } finally {
                stty("echo");
                removeHook(restore);
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static char[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                bytes.write(b);
            }
        }
        byte[] raw = bytes.toByteArray();
        CharBuffer chars = terminalCharset().decode(ByteBuffer.wrap(raw));
        Arrays.fill(raw, (byte) 0);
        char[] answer = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(chars.array(), '\0');
        return answer;
    }

    /** The terminal's encoding: the platform's (native.encoding), which the default charset is not from Java 18 on. */
    private static Charset terminalCharset() {
        try {
            return Charset.forName(System.getProperty("native.encoding", Charset.defaultCharset().name()));
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /** Runs {@code stty setting} on the controlling terminal; returns whether it worked. */
    private static boolean stty(String setting) {
        try {
            Process process = new ProcessBuilder("stty", setting).redirectInput(TTY)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook restores the echo
        }
    }
}

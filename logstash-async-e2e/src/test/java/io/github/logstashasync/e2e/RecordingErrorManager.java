package io.github.logstashasync.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.ErrorManager;

/** Keeps every error a handler reports (JUL's default manager prints only the first one) for assertions. */
final class RecordingErrorManager extends ErrorManager {

    private final List<String> messages = new ArrayList<>();

    @Override
    public synchronized void error(String msg, Exception ex, int code) {
        messages.add(msg + (ex == null ? "" : " | " + ex));
    }

    /** Every message so far, each followed by its exception when there was one. */
    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** Waits until a message contains {@code text}, and returns it. */
    String await(String text, Duration timeout) throws InterruptedException {
        String[] found = new String[1];
        Receivers.await(timeout, () -> {
            for (String message : messages()) {
                if (message.contains(text)) {
                    found[0] = message;
                    return true;
                }
            }
            return false;
        }, () -> "no error containing '" + text + "'; the handler reported: " + messages());
        return found[0];
    }
}

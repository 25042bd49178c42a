package io.github.logstashasync.logback;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * A throwable rebuilt from a Logback {@link IThrowableProxy} that holds no real throwable (an event that came over
 * the network from Logback's {@code SocketAppender}, or an event class of another library): it prints as the
 * original did, with the original class name, message, frames, causes and suppressed throwables.
 */
final class ProxiedThrowable extends Throwable {

    private static final long serialVersionUID = 1L;
    /** Causes and suppressed throwables nested deeper than this are left out (a proxy with a cycle). */
    private static final int MAX_DEPTH = 64;

    private final String className;

    private ProxiedThrowable(IThrowableProxy proxy, int depth) {
        super(proxy.getMessage(), null, true, true);
        this.className = proxy.getClassName();
        StackTraceElementProxy[] frames = proxy.getStackTraceElementProxyArray();
        if (frames != null) {
            StackTraceElement[] elements = new StackTraceElement[frames.length];
            for (int i = 0; i < frames.length; i++) {
                elements[i] = frames[i].getStackTraceElement();
            }
            setStackTrace(elements);
        }
        if (depth < MAX_DEPTH) {
            if (proxy.getCause() != null && proxy.getCause() != proxy) {
                initCause(new ProxiedThrowable(proxy.getCause(), depth + 1));
            }
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed != null) {
                for (IThrowableProxy s : suppressed) {
                    if (s != null && s != proxy) {
                        addSuppressed(new ProxiedThrowable(s, depth + 1));
                    }
                }
            }
        }
    }

    /** Returns the throwable {@code proxy} describes. */
    static Throwable of(IThrowableProxy proxy) {
        return new ProxiedThrowable(proxy, 0);
    }

    /** The class name of the original throwable. */
    String className() {
        return className;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // the frames are the original's, set in the constructor; this one's own would be noise and cost a walk
        return this;
    }

    @Override
    public String toString() {
        String message = getLocalizedMessage();
        return message != null ? className + ": " + message : className;
    }
}

package io.github.logstashasync.core.internal.transport;

/** A class listed as a transport provider by mistake: it does not implement the interface. */
public final class NotATransportProvider {

    /** Creates nothing useful. */
    public NotATransportProvider() {
    }
}

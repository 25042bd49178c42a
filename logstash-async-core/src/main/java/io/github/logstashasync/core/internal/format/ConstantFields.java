package io.github.logstashasync.core.internal.format;

/**
 * Fields whose names and values never change, serialised once when the formatter is built and copied into each
 * document as JSON text ({@code "a":1,"b":"x"}), so that none of them is escaped again per event.
 */
final class ConstantFields {

    static final ConstantFields NONE = new ConstantFields(new char[0]);

    private final char[] text;

    /** @param text the fields as JSON text, separated by commas; empty for none */
    ConstantFields(char[] text) {
        this.text = text;
    }

    /** Writes the fields into the object the writer is in. */
    void writeTo(JsonWriter w) {
        if (text.length != 0) {
            w.rawFields(text);
        }
    }
}

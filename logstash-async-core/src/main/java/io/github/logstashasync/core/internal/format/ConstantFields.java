package io.github.logstashasync.core.internal.format;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Fields whose names and values never change, serialised once when the formatter is built: the first field goes
 * through the generator (so that it places the separating comma), the rest is copied in as raw JSON text.
 */
final class ConstantFields {

    static final ConstantFields NONE = new ConstantFields(null, null, "");

    private final String firstName;
    private final String firstValue;
    private final String rest;

    /**
     * @param firstName  the first field's name, unescaped; null when there are no fields
     * @param firstValue the first field's value as JSON text
     * @param rest       the remaining fields as JSON text, each preceded by a comma; empty for none
     */
    ConstantFields(String firstName, String firstValue, String rest) {
        this.firstName = firstName;
        this.firstValue = firstValue;
        this.rest = rest;
    }

    /** Writes the fields into the object the generator is in. */
    void writeTo(JsonGenerator g) throws IOException {
        if (firstName == null) {
            return;
        }
        g.writeFieldName(firstName);
        g.writeRawValue(firstValue);
        if (!rest.isEmpty()) {
            g.writeRaw(rest);
        }
    }
}

package io.github.logstashasync.logback;

/**
 * One option by name, the {@code <option>} element of {@code logback.xml}: for a transport's own options (such as
 * {@code path} and {@code username} of {@code http}) and a plugin transport's, which have no setter of their own.
 *
 * <pre>{@code
 * <option><name>path</name><value>/logs</value></option>
 * }</pre>
 */
public final class Option {

    private String name;
    private String value;

    /** Creates an empty option, as Logback's configurator does before it calls the setters. */
    public Option() {
    }

    /** Creates an option. */
    public Option(String name, String value) {
        this.name = name;
        this.value = value;
    }

    /** The option's name, as in {@code logging.properties}. */
    public String getName() {
        return name;
    }

    /** Sets the option's name. */
    public void setName(String name) {
        this.name = name == null ? null : name.trim();
    }

    /** The option's value, as text. */
    public String getValue() {
        return value;
    }

    /** Sets the option's value. */
    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}

package io.github.logstashasync.cli.internal;

import io.github.logstashasync.core.internal.transport.Redaction;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The secrets of one run (passwords from flags, prompts and environment variables), so that no message the tool
 * prints ever shows one: every error and warning goes through {@link #mask}.
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "******";

    private final Set<String> values = new CopyOnWriteArraySet<>();

    /** Remembers {@code value} as a secret; null and empty values are ignored. */
    public void add(String value) {
        if (value != null && !value.isEmpty()) {
            values.add(value);
        }
    }

    /**
     * Remembers the values that follow {@code secretFlags} in raw arguments ({@code --password x} and
     * {@code --password=x}), for messages about arguments that could not be parsed.
     */
    public void addFromArguments(String[] args, Collection<String> secretFlags) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg == null) {
                continue;
            }
            for (String flag : secretFlags) {
                if (arg.startsWith(flag + "=")) {
                    add(arg.substring(flag.length() + 1));
                } else if (arg.equals(flag) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    add(args[i + 1]);
                }
            }
        }
    }

    /** Remembers the values of the environment variables named in {@code names}. */
    public void addFromEnvironment(Map<String, String> env, Collection<String> names) {
        for (String name : names) {
            add(env.get(name));
        }
    }

    /**
     * Returns {@code text} with every known secret replaced by {@value #MASK}, and the secrets that URLs carry
     * (a password in {@code user:pass@host}, an {@code api_key} or {@code token} in a query) masked too, also
     * when they were never declared as secrets (a host or path flag, a receiver's error page).
     */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = Redaction.mask(text);
        if (values.isEmpty()) {
            return masked;
        }
        // longest first, so that a secret containing another is masked whole
        List<String> sorted = values.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String secret : sorted) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}

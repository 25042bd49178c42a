package io.github.logstashasync.core.internal.transport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks the secrets that URLs and echoed requests carry, for every message that leaves a transport (errors,
 * rejection reasons stored with failed events, the command line's warnings): the password of a URL's user info
 * ({@code user:pass@host}, with or without a scheme), the values of query parameters whose names look secret
 * ({@code api_key}, {@code token}, {@code password}, {@code secret}, {@code signature}...), and the credentials
 * of an echoed {@code Authorization} header. A receiver's error page or an exception message may quote any of
 * them; the masks keep the rest of the text, so that the message still says which URL and which part.
 */
public final class Redaction {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    // scheme://user:password@ — up to the last '@' of the authority, so that an unencoded '@' in it is masked too
    private static final Pattern URL_USER_INFO =
            Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^\\s/?#@:]*):([^\\s/?#]*)@");
    // user:password@host without a scheme, as a host option would be written by mistake
    private static final Pattern BARE_USER_INFO =
            Pattern.compile("(?<![\\w.%+-])([\\w.%+-]+):([^\\s/?#'\"]+)@(?=[\\w\\[])");
    // a query (or matrix) parameter whose name contains a word secrets go by
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)([?&;][^=&;#\\s]*"
            + "(?:key|token|secret|pass|pwd|auth|sig|credential|session|jwt|bearer)[^=&;#\\s]*=)([^&;#\\s\"'<>]+)");
    // Authorization: Basic dXNlcjpwYXNz / Bearer eyJ...
    private static final Pattern AUTHORIZATION =
            Pattern.compile("(?i)(authorization\\W{1,4}(?:basic|bearer|token|apikey)\\s+)([\\w+/=.~-]+)");

    private Redaction() {
    }

    /**
     * Returns {@code text} with every URL password, secret query value and {@code Authorization} credential
     * replaced by {@value #MASK}; null stays null.
     */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = replaceSecond(URL_USER_INFO, text);
        masked = replaceSecond(BARE_USER_INFO, masked);
        masked = replaceSecond(SECRET_PARAMETER, masked);
        return replaceSecond(AUTHORIZATION, masked);
    }

    /** Keeps group 1 of every match and masks group 2, which runs to the end of the match or to its {@code @}. */
    private static String replaceSecond(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, m.start(2)).append(MASK);
            last = m.end(2);
        } while (m.find());
        return out.append(text, last, text.length()).toString();
    }
}

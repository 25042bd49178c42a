package io.github.logstashasync.core.internal.format;

/**
 * Repairs text before it is written: a lone UTF-16 surrogate cannot be encoded as UTF-8 and makes a JSON
 * document invalid, so each one becomes U+FFFD. Well-formed pairs are kept.
 */
public final class Utf16 {

    /** The Unicode replacement character. */
    public static final char REPLACEMENT = '\uFFFD';

    private Utf16() {
    }

    /** Returns {@code text} with every lone surrogate replaced by U+FFFD; the same instance when there is none. */
    public static String clean(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return repair(text, i);
            }
        }
        return text;
    }

    private static String repair(String text, int firstBad) {
        int length = text.length();
        char[] chars = text.toCharArray();
        for (int i = firstBad; i < length; i++) {
            char c = chars[i];
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(chars[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                chars[i] = REPLACEMENT;
            }
        }
        return new String(chars);
    }
}

package io.github.logstashasync.core.internal.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class Utf16Test {

    @Test
    void wellFormedTextIsReturnedAsIs() {
        String text = "plain ü 東 \uD83D\uDE00";
        assertSame(text, Utf16.clean(text), "no copy when nothing needs repair");
    }

    @Test
    void loneSurrogatesAreReplaced() {
        assertEquals("\uFFFD", Utf16.clean("\uD800"), "lone high surrogate");
        assertEquals("\uFFFD", Utf16.clean("\uDC00"), "lone low surrogate");
        assertEquals("a\uFFFD", Utf16.clean("a\uD83D"), "high surrogate at the end");
        assertEquals("\uFFFD\uFFFD", Utf16.clean("\uDE00\uD83D"), "reversed pair");
        assertEquals("\uFFFD\uD83D\uDE00", Utf16.clean("\uD83D\uD83D\uDE00"), "high before a valid pair");
        assertEquals("\uD83D\uDE00\uFFFDx", Utf16.clean("\uD83D\uDE00\uDE00x"), "pair followed by a lone low");
    }
}

package io.github.logstashasync.core.internal.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void maskThePasswordOfAUrlKeepingTheUser() {
        assertEquals("POST https://logger:***@logs.example.com:8443/in failed",
                Redaction.mask("POST https://logger:s3cr%40t@logs.example.com:8443/in failed"));
        assertEquals("cannot resolve host 'logger:***@logs.example.com'",
                Redaction.mask("cannot resolve host 'logger:hunter2@logs.example.com'"), "user info without a scheme");
        assertEquals("beats://user:***@[::1]:5044", Redaction.mask("beats://user:pw@[::1]:5044"), "IPv6 host");
        assertEquals("http://u:***@h/x and u:***@h", Redaction.mask("http://u:p@ss@h/x and u:p@ss@h"),
                "an unencoded @ in the password is masked with it");
    }

    @Test
    void maskSecretLookingQueryValuesOnly() {
        assertEquals("http://h:8080/in?api_key=***&stream=app&access_token=***#top",
                Redaction.mask("http://h:8080/in?api_key=abc123&stream=app&access_token=x.y.z#top"));
        assertEquals("/in?Password=***;sig=***", Redaction.mask("/in?Password=p%26w;sig=AbC=="), "any case, ; too");
        assertEquals("/in?page=2&user=bob", Redaction.mask("/in?page=2&user=bob"), "harmless parameters stay");
    }

    @Test
    void maskEchoedAuthorizationHeaders() {
        assertEquals("you sent Authorization: Basic *** and Authorization: Bearer ***",
                Redaction.mask("you sent Authorization: Basic bG9nZ2VyOnB3 and Authorization: Bearer eyJ.a-b_c"));
    }

    @Test
    void leaveOrdinaryTextAlone() {
        for (String text : List.of("HTTP 400: bad request", "connection refused: 127.0.0.1:8080",
                "mail ops@example.com at 12:30", "http://logs.example.com:8080/in?x=1", "")) {
            assertEquals(text, Redaction.mask(text), "nothing to mask in: " + text);
        }
        assertNull(Redaction.mask(null), "null stays null");
    }

    @Test
    void maskingTwiceChangesNothingMore() {
        String once = Redaction.mask("https://u:p@h/?token=t");
        assertEquals("https://u:***@h/?token=***", once, "masked once");
        assertEquals(once, Redaction.mask(once), "masked again");
    }
}

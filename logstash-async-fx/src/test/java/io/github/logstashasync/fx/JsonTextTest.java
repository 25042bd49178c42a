package io.github.logstashasync.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the monitor shows event documents, JSON or not. */
class JsonTextTest {

    @Test
    void indentsJson() {
        assertEquals("{\n  \"level\" : \"INFO\",\n  \"extra\" : {\n    \"n\" : 1\n  }\n}",
                JsonText.pretty("{\"level\":\"INFO\",\"extra\":{\"n\":1}}"), "one field per line, nested indented");
    }

    @Test
    void showsTextThatIsNoJsonAsItIs() {
        assertEquals("not json, level ERROR", JsonText.pretty("not json, level ERROR"), "plain text");
        assertEquals("{\"a\":1} trailing", JsonText.pretty("{\"a\":1} trailing"), "JSON followed by more text");
        assertEquals("", JsonText.pretty(""), "empty");
    }

    @Test
    void summarisesLevelAndMessage() {
        assertEquals(new JsonText.Summary("WARNING", "disk at 90%", "disk at 90%"),
                JsonText.summary("{\"level\":\"WARNING\",\"message\":\"disk at 90%\"}"), "Logstash fields");
        assertEquals(new JsonText.Summary("error", "ecs", "ecs"),
                JsonText.summary("{\"log.level\":\"error\",\"message\":\"ecs\"}"), "ECS, dotted");
        assertEquals(new JsonText.Summary("DEBUG", "nested", "nested"),
                JsonText.summary("{\"log\":{\"level\":\"DEBUG\"},\"message\":\"nested\"}"), "ECS, nested");
        assertEquals(new JsonText.Summary("", "a\\nb line", "a\\nb line"), JsonText.summary("a\\nb line"), "no JSON: the text");
        assertEquals(300 + 1, JsonText.summary("{\"message\":\"" + "x".repeat(500) + "\"}").message().length(),
                "a long message is cut at 300 characters and an ellipsis");
        JsonText.Summary lines = JsonText.summary("{\"message\":\"first line\\n" + "y".repeat(2_000) + "\"}");
        assertEquals("first line\n" + "y".repeat(2_000), lines.whole(), "the tooltip's text is the whole message");
        assertTrue(lines.message().startsWith("first line y"), "the cell's is one line: " + lines.message());
        String huge = JsonText.summary("{\"message\":\"" + "z".repeat(20_000) + "\"}").whole();
        assertTrue(huge.startsWith("z".repeat(JsonText.MAX_WHOLE) + "… (12000 more characters"), "at most "
                + JsonText.MAX_WHOLE + " characters in a tooltip: " + huge.substring(JsonText.MAX_WHOLE));
    }
}

package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    private final CliRunner cli = new CliRunner();

    @Test
    void demoPrintsTheFourSeedEventsThatArrived() throws Exception {
        CliRunner.Result result = cli.run("demo");
        assertEquals(0, result.exitCode(), result.both());
        assertTrue(result.out().contains("The handler sent 4 of 4; the receiver got 4:"), result.out());
        for (String message : new String[] {"test logstash error message.", "test logstash info message.",
            "test logstash warning message.", "java-logstash: test extra fields"}) {
            assertTrue(result.out().contains(message), message + " expected in " + result.out());
        }
        assertTrue(result.out().contains("\"test_list\" : [ 1, 2, \"3\" ]"), "indented JSON: " + result.out());
        assertTrue(result.out().contains("logstash.db"), "it names the SQLite queue: " + result.out());
    }

    @Test
    void demoAsJson() throws Exception {
        CliRunner.Result result = cli.run("demo", "--json");
        assertEquals(0, result.exitCode(), result.both());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(4, json.get("received").size(), result.out());
        assertEquals("ERROR", json.get("received").get(0).get("level").asString());
        assertEquals(123, json.get("received").get(3).get("extra").get("test_integer").asInt());
    }
}

package io.github.logstashasync.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logstashasync.cli.internal.Secrets;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Secrets that only a URL carries (never declared as secrets: in {@code --host} or in the query of
 * {@code --path}) do not appear in the tool's warnings and errors (issue 16, item 8).
 */
class SecretsInUrlsCliTest {

    private static final String KEY = "cli-key-4Jx7";
    private static final String PASSWORD = "cli-pw-9Vb2";

    private final CliRunner cli = new CliRunner();

    @Test
    void aSecretInThePathQueryIsMaskedInTheWarningsOfAFailedSend() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        CliRunner.Result result = cli.run("send", "--transport", "http", "--host", "127.0.0.1", "--port",
                "" + closedPort, "--path", "/in?api_key=" + KEY, "--timeout", "600ms", "--retry-initial-delay", "50ms");
        assertEquals(ExitCodes.SEND_FAILED, result.exitCode(), result.both());
        assertTrue(result.err().contains("api_key=***"), "the warnings name the URL, key masked: " + result.err());
        assertFalse(result.both().contains(KEY), "the key never shows: " + result.both());
    }

    @Test
    void credentialsInTheHostAreAUsageErrorNamingHostWithoutThePassword() {
        CliRunner.Result result = cli.run("send", "--transport", "http", "--host", "logger:" + PASSWORD + "@127.0.0.1",
                "--port", "9");
        assertEquals(ExitCodes.USAGE, result.exitCode(), result.both());
        assertTrue(result.err().contains("host"), "the error names the host option: " + result.err());
        assertFalse(result.both().contains(PASSWORD), "the password never shows: " + result.both());
    }

    @Test
    void secretsMaskUrlSecretsTooAndKnownSecretsStill() {
        Secrets secrets = new Secrets();
        assertEquals("https://u:***@h/?token=***", secrets.mask("https://u:pw@h/?token=t1"), "no secret declared");
        secrets.add("declared-1");
        assertEquals("x ****** https://u:***@h", secrets.mask("x declared-1 https://u:pw@h"), "both kinds");
        assertEquals(null, secrets.mask(null), "null stays null");
    }
}

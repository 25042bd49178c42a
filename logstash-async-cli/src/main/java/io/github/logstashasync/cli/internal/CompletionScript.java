package io.github.logstashasync.cli.internal;

import io.github.logstashasync.cli.command.CliContext;
import io.github.logstashasync.cli.command.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/** Writes the bash/zsh completion script at build time (also available as {@code logstash-async generate-completion}). */
public final class CompletionScript {

    private CompletionScript() {
    }

    /**
     * Writes the script.
     *
     * @param args the output file
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompletionScript OUTPUT_FILE");
        }
        String script = AutoComplete.bash(Commands.NAME, Commands.commandLine(CliContext.system()));
        Path output = Path.of(args[0]);
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        Files.writeString(output, script, StandardCharsets.UTF_8);
    }
}

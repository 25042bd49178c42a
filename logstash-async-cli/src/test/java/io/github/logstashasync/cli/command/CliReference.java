package io.github.logstashasync.cli.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the CLI reference, one AsciiDoc man page per command, with picocli's man page generator: into
 * {@code docs/cli-reference} (committed; {@code scripts/cli-reference} runs this) or wherever the build asks.
 * {@link CliReferenceTest} fails when the committed pages are not what the commands generate.
 */
public final class CliReference {

    private CliReference() {
    }

    /**
     * Writes the pages.
     *
     * @param args the output folder
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CliReference OUTPUT_FOLDER");
        }
        write(Path.of(args[0]));
    }

    /** Writes a page per command, subcommands included, into {@code folder}, replacing what is there. */
    static void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        CommandLine commandLine = Commands.commandLine(CliContext.system());
        // the same pages on every machine: not as wide as the terminal the build runs in
        commandLine.setUsageHelpAutoWidth(false);
        commandLine.setUsageHelpWidth(80);
        int status = ManPageGenerator.generateManPage(folder.toFile(), (File) null, new boolean[0], true,
                commandLine.getCommandSpec());
        if (status != 0) {
            throw new IOException("picocli's man page generator ended with " + status);
        }
    }
}

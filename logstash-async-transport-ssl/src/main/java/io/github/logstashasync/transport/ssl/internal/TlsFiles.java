package io.github.logstashasync.transport.ssl.internal;

import io.github.logstashasync.api.InvalidOptionException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files the TLS options point to, turning every I/O failure into an error that names the option. */
final class TlsFiles {

    private TlsFiles() {
    }

    /** Reads the whole of {@code file}, given as option {@code option}. */
    static byte[] read(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidOptionException(option, file + " is a directory, not a file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidOptionException(option, "file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new InvalidOptionException(option, "file " + file + " is not readable (permission denied)");
        } catch (IOException e) {
            throw new InvalidOptionException(option, "cannot read " + file + ": " + e);
        }
    }
}

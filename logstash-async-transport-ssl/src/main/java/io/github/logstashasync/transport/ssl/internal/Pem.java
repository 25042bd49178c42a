package io.github.logstashasync.transport.ssl.internal;

import io.github.logstashasync.api.InvalidOptionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a PEM file into its blocks ({@code -----BEGIN type----- ... -----END type-----}). */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("([A-Za-z-]+):\\s*(.*)");

    private Pem() {
    }

    /**
     * One block: its type ({@code CERTIFICATE}, {@code PRIVATE KEY}...), the RFC 1421 headers that legacy
     * encrypted keys carry ({@code Proc-Type}, {@code DEK-Info}), and the decoded DER.
     */
    record Block(String type, Map<String, String> headers, byte[] der) {
    }

    /** Reads every block of {@code file}, given as option {@code option}; text outside blocks is ignored. */
    static List<Block> read(String option, Path file) {
        // ISO-8859-1 maps every byte to a char, so a binary (DER) file reads without error and simply has no blocks.
        String text = new String(TlsFiles.read(option, file), StandardCharsets.ISO_8859_1);
        List<Block> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            for (String line : block.group(2).split("\r?\n|\r")) {
                Matcher header = HEADER.matcher(line.strip());
                if (base64.length() == 0 && header.matches()) {
                    headers.put(header.group(1), header.group(2));
                } else {
                    base64.append(line.strip());
                }
            }
            try {
                blocks.add(new Block(type, Map.copyOf(headers), Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException(option, file + ": the '" + type + "' block is not valid base64 ("
                        + e.getMessage() + ")");
            }
        }
        return blocks;
    }

    /** The types of {@code blocks}, for messages that say what a file holds instead. */
    static String describe(List<Block> blocks) {
        if (blocks.isEmpty()) {
            return "no PEM block at all (is it DER? convert it with openssl to PEM)";
        }
        Set<String> types = new LinkedHashSet<>();
        for (Block block : blocks) {
            types.add("'" + block.type() + "'");
        }
        return "only " + String.join(", ", types);
    }
}

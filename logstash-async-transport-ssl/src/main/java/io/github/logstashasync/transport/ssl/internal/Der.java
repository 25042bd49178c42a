package io.github.logstashasync.transport.ssl.internal;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A minimal DER reader and writer: definite lengths and single-byte tags, which is all that private key
 * structures (PKCS#1, PKCS#8, SEC1) use. Enough to re-wrap a key for {@link java.security.KeyFactory}.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]}, constructed: the curve of a SEC1 EC private key. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {
    }

    /** One element: its tag and its content octets. */
    record Element(int tag, byte[] content) {

        /** A reader over the content, for constructed elements. */
        Reader contents() {
            return new Reader(content);
        }
    }

    /** Reads consecutive elements from a byte array. */
    static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        boolean hasMore() {
            return position < data.length;
        }

        /** Reads the next element, whatever its tag. */
        Element read() throws FormatException {
            int tag = next();
            if ((tag & 0x1F) == 0x1F) {
                throw new FormatException("multi-byte tags are not used in key structures");
            }
            int first = next();
            int length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                throw new FormatException("indefinite length is not DER");
            } else {
                int octets = first & 0x7F;
                if (octets > 3) {
                    throw new FormatException("length of " + octets + " octets is too large for a key");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | next();
                }
            }
            if (length > data.length - position) {
                throw new FormatException("element of " + length + " bytes overruns its container");
            }
            byte[] content = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return new Element(tag, content);
        }

        /** Reads the next element and checks its tag. */
        Element read(int expectedTag, String what) throws FormatException {
            if (!hasMore()) {
                throw new FormatException("missing " + what);
            }
            Element element = read();
            if (element.tag() != expectedTag) {
                throw new FormatException(String.format("expected %s (tag 0x%02X), found tag 0x%02X",
                        what, expectedTag, element.tag()));
            }
            return element;
        }

        private int next() throws FormatException {
            if (position >= data.length) {
                throw new FormatException("truncated");
            }
            return data[position++] & 0xFF;
        }
    }

    /** Encodes one element whose content is the concatenation of {@code parts}. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int i = octets - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    /** Encodes an object identifier given in dotted form, such as {@code 1.2.840.113549.1.1.1}. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        writeArc(content, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(content, Long.parseLong(arcs[i]));
        }
        return encode(OBJECT_IDENTIFIER, content.toByteArray());
    }

    /** Decodes the content of an object identifier to dotted form. */
    static String oidToString(byte[] content) throws FormatException {
        StringBuilder dotted = new StringBuilder();
        long arc = 0;
        boolean first = true;
        for (int i = 0; i < content.length; i++) {
            if (arc > (Long.MAX_VALUE >>> 7)) {
                throw new FormatException("object identifier arc too large");
            }
            arc = (arc << 7) | (content[i] & 0x7F);
            if ((content[i] & 0x80) != 0) {
                continue;
            }
            if (first) {
                long top = Math.min(arc / 40, 2);
                dotted.append(top).append('.').append(arc - top * 40);
                first = false;
            } else {
                dotted.append('.').append(arc);
            }
            arc = 0;
        }
        if (first || (content[content.length - 1] & 0x80) != 0) {
            throw new FormatException("truncated object identifier");
        }
        return dotted.toString();
    }

    private static void writeArc(ByteArrayOutputStream out, long arc) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(arc) + 6) / 7);
        for (int i = groups - 1; i > 0; i--) {
            out.write((int) (0x80 | ((arc >>> (7 * i)) & 0x7F)));
        }
        out.write((int) (arc & 0x7F));
    }

    /** The bytes are not the DER structure that was expected. */
    static final class FormatException extends Exception {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }
}

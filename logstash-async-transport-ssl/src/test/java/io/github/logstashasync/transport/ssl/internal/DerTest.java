package io.github.logstashasync.transport.ssl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DER subset that key re-wrapping needs, against encodings from the standards. */
class DerTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void encodesObjectIdentifiers() {
        assertEquals("06092a864886f70d010101", HEX.formatHex(Der.oid("1.2.840.113549.1.1.1")), "rsaEncryption");
        assertEquals("06072a8648ce3d0201", HEX.formatHex(Der.oid("1.2.840.10045.2.1")), "id-ecPublicKey");
        assertEquals("06032b656e", HEX.formatHex(Der.oid("1.3.101.110")), "X25519");
    }

    @Test
    void decodesObjectIdentifiers() throws Der.FormatException {
        for (String oid : List.of("1.2.840.113549.1.1.1", "1.2.840.10045.3.1.7", "1.3.132.0.34", "2.999.1", "0.0")) {
            byte[] encoded = Der.oid(oid);
            Der.Element element = new Der.Reader(encoded).read(Der.OBJECT_IDENTIFIER, "OID");
            assertEquals(oid, Der.oidToString(element.content()), "round trip of " + oid);
        }
        assertThrows(Der.FormatException.class, () -> Der.oidToString(new byte[] {0x2a, (byte) 0x86}),
                "a truncated arc is an error");
    }

    @Test
    void encodesShortAndLongLengths() throws Der.FormatException {
        assertArrayEquals(new byte[] {0x04, 0x00}, Der.encode(Der.OCTET_STRING), "empty");
        byte[] medium = Der.encode(Der.OCTET_STRING, new byte[200]);
        assertArrayEquals(new byte[] {0x04, (byte) 0x81, (byte) 200}, java.util.Arrays.copyOf(medium, 3), "one length octet");
        byte[] large = Der.encode(Der.SEQUENCE, new byte[1000], new byte[300]);
        assertArrayEquals(new byte[] {0x30, (byte) 0x82, 0x05, 0x14}, java.util.Arrays.copyOf(large, 4), "two length octets");
        Der.Reader reader = new Der.Reader(large);
        assertEquals(1300, reader.read(Der.SEQUENCE, "sequence").content().length, "reads back the long form");
        assertFalse(reader.hasMore(), "nothing left");
    }

    @Test
    void readsNestedElements() throws Der.FormatException {
        byte[] sequence = Der.encode(Der.SEQUENCE, new byte[] {Der.INTEGER, 1, 0}, Der.oid("1.2.3"),
                Der.encode(Der.OCTET_STRING, new byte[] {1, 2, 3}));
        Der.Reader contents = new Der.Reader(sequence).read(Der.SEQUENCE, "sequence").contents();
        assertArrayEquals(new byte[] {0}, contents.read(Der.INTEGER, "version").content(), "version");
        assertEquals("1.2.3", Der.oidToString(contents.read(Der.OBJECT_IDENTIFIER, "oid").content()), "oid");
        assertArrayEquals(new byte[] {1, 2, 3}, contents.read(Der.OCTET_STRING, "octets").content(), "octets");
        assertFalse(contents.hasMore(), "three elements");
    }

    @Test
    void rejectsMalformedInput() {
        assertThrows(Der.FormatException.class, () -> new Der.Reader(new byte[] {0x30, 0x05, 0x02}).read(),
                "length beyond the data");
        assertThrows(Der.FormatException.class, () -> new Der.Reader(new byte[] {0x30, (byte) 0x80, 0, 0}).read(),
                "indefinite length");
        assertThrows(Der.FormatException.class, () -> new Der.Reader(new byte[] {0x30}).read(), "missing length");
        assertThrows(Der.FormatException.class, () -> new Der.Reader(new byte[] {0x02, 1, 0}).read(Der.SEQUENCE, "seq"),
                "unexpected tag");
        assertThrows(Der.FormatException.class, () -> new Der.Reader(new byte[0]).read(Der.SEQUENCE, "seq"),
                "nothing to read");
    }
}

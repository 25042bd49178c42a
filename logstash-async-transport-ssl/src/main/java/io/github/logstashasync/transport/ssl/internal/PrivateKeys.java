package io.github.logstashasync.transport.ssl.internal;

import io.github.logstashasync.api.InvalidOptionException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads the private key of {@code keyfile}: PEM with PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8
 * ({@code ENCRYPTED PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}).
 * The last two are wrapped into PKCS#8 here, because that is the only encoding the JDK's key factories read.
 */
final class PrivateKeys {

    private static final String OPTION = "keyfile";
    private static final String PASSWORD_OPTION = "keyPassword";

    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";
    /** PKCS#8 algorithm OIDs and the JDK key factory for each: the keys that can sign a TLS handshake. */
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            RSA_ENCRYPTION, "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            EC_PUBLIC_KEY, "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448");
    private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};

    private PrivateKeys() {
    }

    /**
     * Reads the first private key block of {@code file}.
     *
     * @param file     the key file; never null
     * @param password the password of an encrypted key; may be null
     */
    static PrivateKey read(Path file, String password) {
        List<Pem.Block> blocks = Pem.read(OPTION, file);
        for (Pem.Block block : blocks) {
            switch (block.type()) {
                case "PRIVATE KEY":
                    return fromPkcs8(file, block.der());
                case "ENCRYPTED PRIVATE KEY":
                    return fromPkcs8(file, decrypt(file, block.der(), password));
                case "RSA PRIVATE KEY":
                    rejectLegacyEncryption(file, block);
                    return fromPkcs8(file, wrapPkcs1(file, block.der()));
                case "EC PRIVATE KEY":
                    rejectLegacyEncryption(file, block);
                    return fromPkcs8(file, wrapSec1(file, block.der()));
                default:
                    break;
            }
        }
        throw new InvalidOptionException(OPTION, file + ": no private key found; expected a PEM block"
                + " '-----BEGIN PRIVATE KEY-----' (or ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY)"
                + " but the file has " + Pem.describe(blocks));
    }

    private static PrivateKey fromPkcs8(Path file, byte[] pkcs8) {
        String oid;
        try {
            Der.Reader info = new Der.Reader(pkcs8).read(Der.SEQUENCE, "PrivateKeyInfo").contents();
            info.read(Der.INTEGER, "version");
            Der.Reader algorithm = info.read(Der.SEQUENCE, "AlgorithmIdentifier").contents();
            oid = Der.oidToString(algorithm.read(Der.OBJECT_IDENTIFIER, "algorithm").content());
        } catch (Der.FormatException e) {
            throw new InvalidOptionException(OPTION, file + ": the private key is not valid PKCS#8: " + e.getMessage());
        }
        String algorithm = KEY_FACTORIES.get(oid);
        if (algorithm == null) {
            throw new InvalidOptionException(OPTION, file + ": unsupported key algorithm (OID " + oid
                    + "); use an RSA, EC, Ed25519 or Ed448 key");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidOptionException(OPTION, file + ": this JVM cannot use " + algorithm + " keys");
        } catch (InvalidKeySpecException e) {
            throw new InvalidOptionException(OPTION, file + ": cannot decode the " + algorithm + " key: "
                    + e.getMessage() + (algorithm.equals("EC") ? " (the JDK supports the curves P-256, P-384, P-521)" : ""));
        }
    }

    /** PKCS#1 RSAPrivateKey to PrivateKeyInfo with the rsaEncryption algorithm (parameters NULL). */
    private static byte[] wrapPkcs1(Path file, byte[] pkcs1) {
        try {
            new Der.Reader(pkcs1).read(Der.SEQUENCE, "RSAPrivateKey").contents().read(Der.INTEGER, "version");
        } catch (Der.FormatException e) {
            throw new InvalidOptionException(OPTION, file + ": the RSA private key is not valid PKCS#1: " + e.getMessage());
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.oid(RSA_ENCRYPTION), new byte[] {Der.NULL, 0});
        return Der.encode(Der.SEQUENCE, VERSION_0, algorithm, Der.encode(Der.OCTET_STRING, pkcs1));
    }

    /**
     * SEC1 ECPrivateKey to PrivateKeyInfo with the id-ecPublicKey algorithm; the curve, which PKCS#8 carries in the
     * algorithm's parameters, comes from the SEC1 structure's optional {@code [0]} field.
     */
    private static byte[] wrapSec1(Path file, byte[] sec1) {
        byte[] curve = null;
        try {
            Der.Reader key = new Der.Reader(sec1).read(Der.SEQUENCE, "ECPrivateKey").contents();
            key.read(Der.INTEGER, "version");
            key.read(Der.OCTET_STRING, "privateKey");
            while (key.hasMore()) {
                Der.Element element = key.read();
                if (element.tag() == Der.CONTEXT_0) {
                    Der.Element parameters = element.contents().read();
                    if (parameters.tag() != Der.OBJECT_IDENTIFIER) {
                        throw new InvalidOptionException(OPTION, file + ": the EC key has explicit curve parameters;"
                                + " only named curves are supported (openssl ecparam -name prime256v1 -genkey)");
                    }
                    curve = Der.encode(Der.OBJECT_IDENTIFIER, parameters.content());
                }
            }
        } catch (Der.FormatException e) {
            throw new InvalidOptionException(OPTION, file + ": the EC private key is not valid SEC1: " + e.getMessage());
        }
        if (curve == null) {
            throw new InvalidOptionException(OPTION, file + ": the EC key does not name its curve;"
                    + " convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.oid(EC_PUBLIC_KEY), curve);
        return Der.encode(Der.SEQUENCE, VERSION_0, algorithm, Der.encode(Der.OCTET_STRING, sec1));
    }

    /** Decrypts an EncryptedPrivateKeyInfo: PBES2 (what openssl writes today) or a PBES1 scheme the JDK knows. */
    private static byte[] decrypt(Path file, byte[] der, String password) {
        if (password == null) {
            throw new InvalidOptionException(PASSWORD_OPTION, "the key in " + file + " is encrypted; set keyPassword");
        }
        EncryptedPrivateKeyInfo info;
        try {
            info = new EncryptedPrivateKeyInfo(der);
        } catch (IOException e) {
            throw new InvalidOptionException(OPTION, file + ": the encrypted private key is not valid: " + e.getMessage());
        }
        // For PBES2 the algorithm name is just "PBES2"; the parameters name the real cipher, such as
        // PBEWithHmacSHA256AndAES_256, which is what SecretKeyFactory and Cipher understand.
        AlgorithmParameters parameters = info.getAlgParameters();
        String scheme = info.getAlgName().equals("PBES2") && parameters != null ? parameters.toString() : info.getAlgName();
        Cipher cipher;
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance(scheme);
            cipher = Cipher.getInstance(scheme);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(password.toCharArray())), parameters);
        } catch (GeneralSecurityException e) {
            throw new InvalidOptionException(OPTION, file + ": the key is encrypted with " + scheme + ", which this JVM"
                    + " cannot decrypt; re-encrypt it with: openssl pkcs8 -topk8 -v2 aes-256-cbc");
        }
        try {
            return info.getKeySpec(cipher).getEncoded();
        } catch (InvalidKeySpecException e) {
            // A wrong password yields garbage that fails the padding or the PKCS#8 structure check.
            throw new InvalidOptionException(PASSWORD_OPTION, "wrong password for the encrypted key in " + file);
        }
    }

    private static void rejectLegacyEncryption(Path file, Pem.Block block) {
        if (block.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
            throw new InvalidOptionException(OPTION, file + ": the key is encrypted in OpenSSL's legacy PEM format"
                    + " (Proc-Type, DEK-Info), which is not supported; convert it to encrypted PKCS#8 with:"
                    + " openssl pkcs8 -topk8 -v2 aes-256-cbc");
        }
    }
}

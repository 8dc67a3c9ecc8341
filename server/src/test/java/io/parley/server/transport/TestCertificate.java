package io.parley.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate made for one test, as {@code openssl req -x509} would make it for someone trying
 * Parley: an EC P-256 key and subject alternative names, written as PEM files the server and client read.
 *
 * @param cert the certificate, PEM
 * @param key  its private key, PEM PKCS#8
 */
public record TestCertificate(Path cert, Path key) {
    /**
     * A certificate in {@code dir} named {@code name}.pem / {@code name}-key.pem, for the given DNS names and
     * IP addresses (each a subject alternative name).
     */
    public static TestCertificate create(Path dir, String name, String... hosts) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + (hosts.length > 0 ? hosts[0] : name));
            Instant now = Instant.now();
            GeneralName[] names = new GeneralName[hosts.length];
            for (int i = 0; i < hosts.length; i++) {
                names[i] = isAddress(hosts[i])
                        ? new GeneralName(GeneralName.iPAddress, hosts[i])
                        : new GeneralName(GeneralName.dNSName, hosts[i]);
            }
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    subject,
                    keys.getPublic());
            if (names.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            Path cert = dir.resolve(name + ".pem");
            Path key = dir.resolve(name + "-key.pem");
            Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            return new TestCertificate(cert, key);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** The usual one for a server on this machine: localhost and 127.0.0.1. */
    public static TestCertificate localhost(Path dir) throws IOException {
        return create(dir, "localhost", "localhost", "127.0.0.1");
    }

    /** Settings for a TLS listener on a free port with this certificate. */
    public TlsSettings settings() {
        return TlsSettings.on(0, cert, key);
    }

    /** A client's TLS context that trusts this certificate alone (for the JDK's HTTP and WebSocket client). */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(cert)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry(
                    "test", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the test certificate " + cert, e);
        }
    }

    private static boolean isAddress(String host) {
        return host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}

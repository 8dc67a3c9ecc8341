package io.parley.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client is told to trust, checked before any connection: end-to-end TLS is in the app's TlsTest. */
class ClientTlsTest {
    @TempDir
    Path dir;

    @Test
    void plainTcpIsTheDefaultAndTlsIsKeptByTheOtherOptions() {
        ClientTls tls = ClientTls.systemTrust();

        assertThat(ClientOptions.defaults().tls()).isNull();
        ClientOptions options = ClientOptions.defaults()
                .withTls(tls)
                .withRequestTimeout(Duration.ofSeconds(3))
                .withReconnect(true);
        assertThat(options.tls()).isSameAs(tls);
        assertThat(options.withTls(null).tls()).isNull();
        assertThat(tls).hasToString("TLS trusting the system trust store");
    }

    @Test
    void trustingAMissingFileFailsAtOnceNamingIt() {
        assertThatThrownBy(() -> ClientTls.trusting(dir.resolve("cert.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trust: " + dir.resolve("cert.pem") + " (expected: a readable PEM certificate file)");
    }

    @Test
    void trustingAFileWithoutCertificatesFailsAtOnceNamingIt() throws Exception {
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");

        assertThatThrownBy(() -> ClientTls.trusting(notPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("trust: " + notPem + " does not hold usable certificates");
    }
}

package io.parley.server;

import io.parley.server.admin.AdminSettings;
import io.parley.server.config.ConfigReader;
import io.parley.server.service.LoginLimits;
import io.parley.server.service.Quotas;
import io.parley.server.service.RateLimits;
import io.parley.server.service.TokenSettings;
import io.parley.server.transport.AdmissionLimits;
import io.parley.server.transport.Backpressure;
import io.parley.server.transport.TlsSettings;
import io.parley.server.transport.TransportSettings;
import io.parley.server.transport.WebSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * Everything a server is started with, as one immutable value validated on construction. Defaults are the
 * named constants; {@link #load(Path)} reads the same names from a properties file.
 *
 * @param host             address to listen on
 * @param port             TCP port; 0 picks a free one (tests)
 * @param dataDir          folder of the embedded SQLite store
 * @param commitDelayMicros embedded store: how long its writer, while writes keep coming, waits for more before
 *                         it commits them together (default 1,000; 0: never); docs/storage.md says what it buys
 * @param redisUri         {@code redis://host:port[/db]}, or null for the embedded store
 * @param maxFrameLength   largest frame body accepted or sent, in bytes
 * @param maxContentLength largest chat message content, in UTF-8 bytes
 * @param heartbeatSeconds how often Parley clients should ping; one silent for three periods is closed
 * @param bcryptCost       log2 rounds of the password hash
 * @param slowConsumerBytes bytes queued for a client that stops reading before it is cut off
 * @param presenceBroadcastLimit online users up to which every session hears every online/offline change;
 *                         above it only watchers do (docs/protocol.md, presence policy)
 * @param nodeId           this process's name in presence records
 * @param nodeTtlMillis    with Redis: a node that has not beaten for this long is dead, and its users offline
 * @param ioThreads        event loop threads for the client connections, and as many for the Redis client; 0
 *                         takes the libraries' defaults (two per core for connections). Nodes that share a
 *                         machine each want fewer: docs/cluster.md says why.
 * @param admission        deadlines and connection caps (docs/security.md)
 * @param login            password hashing queue, failed-login delays, registrations per address
 * @param rates            message and request rates
 * @param quotas           offline storage, groups per user, members per group
 * @param tokens           resume token lifetime and key rotation
 * @param tls              the TLS listener, off by default
 * @param web              the HTTP listener for browsers (WebSocket at {@code /ws}), on port 8080 by default
 * @param admin            the admin listener ({@code /metrics}, {@code /health}, {@code parley admin}), on
 *                         127.0.0.1:9000 by default
 * @param loadTest         lifts every per-address and per-user limit, for benchmarks; see {@link #effective()}
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        int commitDelayMicros,
        String redisUri,
        int maxFrameLength,
        int maxContentLength,
        int heartbeatSeconds,
        int bcryptCost,
        int slowConsumerBytes,
        int presenceBroadcastLimit,
        String nodeId,
        int nodeTtlMillis,
        int ioThreads,
        AdmissionLimits admission,
        LoginLimits login,
        RateLimits rates,
        Quotas quotas,
        TokenSettings tokens,
        TlsSettings tls,
        WebSettings web,
        AdminSettings admin,
        boolean loadTest) {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8889;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final int DEFAULT_COMMIT_DELAY_MICROS = 1_000;
    public static final int DEFAULT_MAX_FRAME_LENGTH = 64 * 1024;
    public static final int DEFAULT_MAX_CONTENT_LENGTH = 4096;
    public static final int DEFAULT_HEARTBEAT_SECONDS = 30;
    public static final int DEFAULT_BCRYPT_COST = 10;
    public static final int DEFAULT_SLOW_CONSUMER_BYTES = 256 * 1024;
    public static final int DEFAULT_PRESENCE_BROADCAST_LIMIT = 1000;
    public static final int DEFAULT_NODE_TTL_MILLIS = 10_000;
    public static final int DEFAULT_IO_THREADS = 0;

    public ServerConfig {
        List<String> problems = new ArrayList<>();
        if (host == null || host.isBlank()) {
            problems.add("host: empty (expected: an address such as 0.0.0.0)");
        }
        if (port < 0 || port > 65535) {
            problems.add("port: " + port + " (expected: 0-65535)");
        }
        if (dataDir == null) {
            problems.add("dataDir: missing");
        }
        if (commitDelayMicros < 0 || commitDelayMicros > 100_000) {
            problems.add("commitDelayMicros: " + commitDelayMicros + " (expected: 0-100000)");
        }
        if (redisUri != null
                && !(redisUri.startsWith("redis://")
                        || redisUri.startsWith("rediss://")
                        || redisUri.startsWith("redis-cluster://"))) {
            problems.add("redis: " + redisUri + " (expected: redis://host:port[/db] or redis-cluster://host:port,...)");
        }
        if (maxFrameLength < 1024 || maxFrameLength > 16 * 1024 * 1024) {
            problems.add("maxFrameLength: " + maxFrameLength + " (expected: 1024-16777216)");
        }
        if (maxContentLength <= 0 || maxContentLength > maxFrameLength / 2) {
            problems.add("maxContentLength: " + maxContentLength + " (expected: > 0 and <= maxFrameLength/2)");
        }
        if (heartbeatSeconds <= 0) {
            problems.add("heartbeatSeconds: " + heartbeatSeconds + " (expected: > 0)");
        }
        if (bcryptCost < 4 || bcryptCost > 31) {
            problems.add("bcryptCost: " + bcryptCost + " (expected: 4-31)");
        }
        if (slowConsumerBytes < maxFrameLength) {
            problems.add("slowConsumerBytes: " + slowConsumerBytes + " (expected: >= maxFrameLength)");
        }
        if (presenceBroadcastLimit < 0) {
            problems.add("presenceBroadcastLimit: " + presenceBroadcastLimit + " (expected: >= 0)");
        }
        if (nodeId == null || nodeId.isBlank() || nodeId.contains(" ")) {
            problems.add("nodeId: '" + nodeId + "' (expected: a name without spaces)");
        }
        if (nodeTtlMillis < 100) {
            problems.add("nodeTtlMillis: " + nodeTtlMillis + " (expected: >= 100)");
        }
        if (ioThreads < 0 || ioThreads > 1024) {
            problems.add("ioThreads: " + ioThreads + " (expected: 0 for the default, or 1-1024)");
        }
        if (admission == null
                || login == null
                || rates == null
                || quotas == null
                || tokens == null
                || tls == null
                || web == null
                || admin == null) {
            problems.add("limits: missing (expected: every part of the configuration)");
        } else if (web.httpsEnabled() && (tls.cert() == null || tls.key() == null)) {
            problems.add("httpsPort: " + web.httpsPort() + " needs tlsCert and tlsKey (PEM files)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid configuration: " + String.join("; ", problems));
        }
    }

    /** The defaults: port 8889, embedded store in ./data. */
    public static ServerConfig defaults() {
        return new ServerConfig(
                DEFAULT_HOST,
                DEFAULT_PORT,
                DEFAULT_DATA_DIR,
                DEFAULT_COMMIT_DELAY_MICROS,
                null,
                DEFAULT_MAX_FRAME_LENGTH,
                DEFAULT_MAX_CONTENT_LENGTH,
                DEFAULT_HEARTBEAT_SECONDS,
                DEFAULT_BCRYPT_COST,
                DEFAULT_SLOW_CONSUMER_BYTES,
                DEFAULT_PRESENCE_BROADCAST_LIMIT,
                newNodeId(),
                DEFAULT_NODE_TTL_MILLIS,
                DEFAULT_IO_THREADS,
                AdmissionLimits.DEFAULTS,
                LoginLimits.DEFAULTS,
                RateLimits.DEFAULTS,
                Quotas.DEFAULTS,
                TokenSettings.DEFAULTS,
                TlsSettings.OFF,
                WebSettings.DEFAULTS,
                AdminSettings.DEFAULTS,
                false);
    }

    /**
     * The limits in force: as configured, or with {@link #loadTest()} every per-address and per-user limit
     * lifted, so that one machine can drive thousands of users through the server.
     */
    public ServerConfig effective() {
        if (!loadTest) {
            return this;
        }
        return toBuilder()
                .admission(admission.forLoadTest())
                .login(login.forLoadTest())
                .rates(rates.forLoadTest())
                .quotas(quotas.forLoadTest())
                .build();
    }

    /** What the transport needs of this configuration, with {@code backpressure} (not a configured value). */
    public TransportSettings transport(Backpressure backpressure) {
        return new TransportSettings(
                host,
                port,
                maxFrameLength,
                heartbeatSeconds,
                slowConsumerBytes,
                ioThreads,
                admission,
                tls,
                web,
                backpressure);
    }

    /** Reads a properties file whose keys are the component names ({@code port=8889}, {@code redisUri=...}). */
    public static ServerConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return load(p, file.toString());
    }

    /**
     * The settings in {@code p}, each absent one at its default; {@code source} names where they came from in
     * the error. Every key is read whatever the others say, so a recording {@code Properties} lists them all
     * (the release's conf/parley.properties is checked against that list).
     */
    public static ServerConfig load(Properties p, String source) {
        ServerConfig d = defaults();
        ConfigReader r = new ConfigReader(p);
        try {
            return new ServerConfig(
                    p.getProperty("host", d.host()),
                    Integer.parseInt(
                            p.getProperty("port", String.valueOf(d.port())).trim()),
                    Path.of(p.getProperty("dataDir", d.dataDir().toString()).trim()),
                    Integer.parseInt(p.getProperty("commitDelayMicros", String.valueOf(d.commitDelayMicros()))
                            .trim()),
                    emptyToNull(p.getProperty("redisUri")),
                    Integer.parseInt(p.getProperty("maxFrameLength", String.valueOf(d.maxFrameLength()))
                            .trim()),
                    Integer.parseInt(p.getProperty("maxContentLength", String.valueOf(d.maxContentLength()))
                            .trim()),
                    Integer.parseInt(p.getProperty("heartbeatSeconds", String.valueOf(d.heartbeatSeconds()))
                            .trim()),
                    Integer.parseInt(p.getProperty("bcryptCost", String.valueOf(d.bcryptCost()))
                            .trim()),
                    Integer.parseInt(p.getProperty("slowConsumerBytes", String.valueOf(d.slowConsumerBytes()))
                            .trim()),
                    Integer.parseInt(p.getProperty("presenceBroadcastLimit", String.valueOf(d.presenceBroadcastLimit()))
                            .trim()),
                    r.string("nodeId", d.nodeId()),
                    Integer.parseInt(p.getProperty("nodeTtlMillis", String.valueOf(d.nodeTtlMillis()))
                            .trim()),
                    Integer.parseInt(p.getProperty("ioThreads", String.valueOf(d.ioThreads()))
                            .trim()),
                    AdmissionLimits.load(r, d.admission()),
                    LoginLimits.load(r, d.login()),
                    RateLimits.load(r, d.rates()),
                    Quotas.load(r, d.quotas()),
                    TokenSettings.load(r, d.tokens()),
                    TlsSettings.load(r, d.tls()),
                    WebSettings.load(r, d.web()),
                    AdminSettings.load(r, d.admin()),
                    r.bool("loadTest", d.loadTest()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid configuration in " + source + ": " + e.getMessage(), e);
        }
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String newNodeId() {
        return "node-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ServerConfig withHost(String value) {
        return toBuilder().host(value).build();
    }

    public ServerConfig withPort(int value) {
        return toBuilder().port(value).build();
    }

    public ServerConfig withDataDir(Path value) {
        return toBuilder().dataDir(value).build();
    }

    public ServerConfig withCommitDelayMicros(int value) {
        return toBuilder().commitDelayMicros(value).build();
    }

    public ServerConfig withRedisUri(String value) {
        return toBuilder().redisUri(value).build();
    }

    public ServerConfig withMaxFrameLength(int value) {
        return toBuilder().maxFrameLength(value).build();
    }

    public ServerConfig withMaxContentLength(int value) {
        return toBuilder().maxContentLength(value).build();
    }

    public ServerConfig withHeartbeatSeconds(int value) {
        return toBuilder().heartbeatSeconds(value).build();
    }

    public ServerConfig withBcryptCost(int value) {
        return toBuilder().bcryptCost(value).build();
    }

    public ServerConfig withSlowConsumerBytes(int value) {
        return toBuilder().slowConsumerBytes(value).build();
    }

    public ServerConfig withPresenceBroadcastLimit(int value) {
        return toBuilder().presenceBroadcastLimit(value).build();
    }

    public ServerConfig withNodeId(String value) {
        return toBuilder().nodeId(value).build();
    }

    public ServerConfig withNodeTtlMillis(int value) {
        return toBuilder().nodeTtlMillis(value).build();
    }

    public ServerConfig withIoThreads(int value) {
        return toBuilder().ioThreads(value).build();
    }

    public ServerConfig withAdmission(AdmissionLimits value) {
        return toBuilder().admission(value).build();
    }

    public ServerConfig withLogin(LoginLimits value) {
        return toBuilder().login(value).build();
    }

    public ServerConfig withRates(RateLimits value) {
        return toBuilder().rates(value).build();
    }

    public ServerConfig withQuotas(Quotas value) {
        return toBuilder().quotas(value).build();
    }

    public ServerConfig withTokens(TokenSettings value) {
        return toBuilder().tokens(value).build();
    }

    public ServerConfig withTls(TlsSettings value) {
        return toBuilder().tls(value).build();
    }

    public ServerConfig withWeb(WebSettings value) {
        return toBuilder().web(value).build();
    }

    public ServerConfig withAdmin(AdminSettings value) {
        return toBuilder().admin(value).build();
    }

    public ServerConfig withLoadTest(boolean value) {
        return toBuilder().loadTest(value).build();
    }

    /** A mutable copy for changing several settings at once; {@link #build()} validates. */
    public static final class Builder {
        private String host;
        private int port;
        private Path dataDir;
        private int commitDelayMicros;
        private String redisUri;
        private int maxFrameLength;
        private int maxContentLength;
        private int heartbeatSeconds;
        private int bcryptCost;
        private int slowConsumerBytes;
        private int presenceBroadcastLimit;
        private String nodeId;
        private int nodeTtlMillis;
        private int ioThreads;
        private AdmissionLimits admission;
        private LoginLimits login;
        private RateLimits rates;
        private Quotas quotas;
        private TokenSettings tokens;
        private TlsSettings tls;
        private WebSettings web;
        private AdminSettings admin;
        private boolean loadTest;

        private Builder(ServerConfig c) {
            host = c.host;
            port = c.port;
            dataDir = c.dataDir;
            commitDelayMicros = c.commitDelayMicros;
            redisUri = c.redisUri;
            maxFrameLength = c.maxFrameLength;
            maxContentLength = c.maxContentLength;
            heartbeatSeconds = c.heartbeatSeconds;
            bcryptCost = c.bcryptCost;
            slowConsumerBytes = c.slowConsumerBytes;
            presenceBroadcastLimit = c.presenceBroadcastLimit;
            nodeId = c.nodeId;
            nodeTtlMillis = c.nodeTtlMillis;
            ioThreads = c.ioThreads;
            admission = c.admission;
            login = c.login;
            rates = c.rates;
            quotas = c.quotas;
            tokens = c.tokens;
            tls = c.tls;
            web = c.web;
            admin = c.admin;
            loadTest = c.loadTest;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder commitDelayMicros(int value) {
            commitDelayMicros = value;
            return this;
        }

        public Builder redisUri(String value) {
            redisUri = value;
            return this;
        }

        public Builder maxFrameLength(int value) {
            maxFrameLength = value;
            return this;
        }

        public Builder maxContentLength(int value) {
            maxContentLength = value;
            return this;
        }

        public Builder heartbeatSeconds(int value) {
            heartbeatSeconds = value;
            return this;
        }

        public Builder bcryptCost(int value) {
            bcryptCost = value;
            return this;
        }

        public Builder slowConsumerBytes(int value) {
            slowConsumerBytes = value;
            return this;
        }

        public Builder presenceBroadcastLimit(int value) {
            presenceBroadcastLimit = value;
            return this;
        }

        public Builder nodeId(String value) {
            nodeId = value;
            return this;
        }

        public Builder nodeTtlMillis(int value) {
            nodeTtlMillis = value;
            return this;
        }

        public Builder ioThreads(int value) {
            ioThreads = value;
            return this;
        }

        public Builder admission(AdmissionLimits value) {
            admission = value;
            return this;
        }

        public Builder login(LoginLimits value) {
            login = value;
            return this;
        }

        public Builder rates(RateLimits value) {
            rates = value;
            return this;
        }

        public Builder quotas(Quotas value) {
            quotas = value;
            return this;
        }

        public Builder tokens(TokenSettings value) {
            tokens = value;
            return this;
        }

        public Builder tls(TlsSettings value) {
            tls = value;
            return this;
        }

        public Builder web(WebSettings value) {
            web = value;
            return this;
        }

        public Builder admin(AdminSettings value) {
            admin = value;
            return this;
        }

        public Builder loadTest(boolean value) {
            loadTest = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(
                    host,
                    port,
                    dataDir,
                    commitDelayMicros,
                    redisUri,
                    maxFrameLength,
                    maxContentLength,
                    heartbeatSeconds,
                    bcryptCost,
                    slowConsumerBytes,
                    presenceBroadcastLimit,
                    nodeId,
                    nodeTtlMillis,
                    ioThreads,
                    admission,
                    login,
                    rates,
                    quotas,
                    tokens,
                    tls,
                    web,
                    admin,
                    loadTest);
        }
    }
}

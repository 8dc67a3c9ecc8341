package io.parley.client;

import io.parley.protocol.netty.Frames;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ParleyClient} connects and behaves; one immutable value validated on construction, changed
 * with the {@code with...} methods or, several settings at once, with {@link #toBuilder()}. Defaults are the
 * named constants and {@link #defaults()}.
 *
 * @param connectTimeout   how long a TCP connect may take
 * @param requestTimeout   how long a request waits for its reply before its future fails with a
 *                         {@link java.util.concurrent.TimeoutException}
 * @param maxFrame         the largest frame body accepted from the server, in bytes
 * @param autoAck          acknowledge received chat messages automatically after each read burst; when
 *                         false the caller acknowledges with {@link ParleyClient#ack}
 * @param legacy           behave like the tutorial's client: no {@code HelloMes}, so the server treats the
 *                         connection as a seed client and sends only the six seed types
 * @param clientName       sent in {@code HelloMes} so the server's logs can tell clients apart
 * @param heartbeat        send {@code PingMes} when nothing was sent for the interval the server announced
 *                         in {@code HelloResMes}
 * @param writeBufferLow   low water mark of the outbound buffer, in bytes
 * @param writeBufferHigh  high water mark of the outbound buffer, in bytes; above it
 *                         {@link ParleyClient#isWritable()} is false
 * @param reconnect        whether and how the client reconnects by itself when its connection dies
 * @param tls              TLS to the server's TLS port, or null for plain TCP (the server's plaintext port)
 * @param onlineListInLogin ask for the first page of the online list in the login reply (hello version 2), as
 *                         the client did before version 3; by default the reply names only this user and the
 *                         list is paged with {@link ParleyClient#onlineUsers}
 * @param webSocket        connect to the server's HTTP port and speak over a WebSocket at {@code /ws} (each
 *                         frame one text message, docs/protocol.md) instead of plain TCP frames
 */
public record ClientOptions(
        Duration connectTimeout,
        Duration requestTimeout,
        int maxFrame,
        boolean autoAck,
        boolean legacy,
        String clientName,
        boolean heartbeat,
        int writeBufferLow,
        int writeBufferHigh,
        ReconnectPolicy reconnect,
        ClientTls tls,
        boolean onlineListInLogin,
        boolean webSocket) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_CLIENT_NAME = "parley-client";
    public static final int DEFAULT_WRITE_BUFFER_LOW = 32 * 1024;
    public static final int DEFAULT_WRITE_BUFFER_HIGH = 64 * 1024;

    public ClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(reconnect, "reconnect");
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        if (maxFrame <= 0 || maxFrame > Integer.MAX_VALUE - Frames.HEADER_LENGTH) {
            throw new IllegalArgumentException("maxFrame: " + maxFrame + " (expected: > 0 and <= "
                    + (Integer.MAX_VALUE - Frames.HEADER_LENGTH) + ")");
        }
        if (writeBufferLow <= 0) {
            throw new IllegalArgumentException("writeBufferLow: " + writeBufferLow + " (expected: > 0)");
        }
        if (writeBufferHigh < writeBufferLow) {
            throw new IllegalArgumentException(
                    "writeBufferHigh: " + writeBufferHigh + " (expected: >= writeBufferLow " + writeBufferLow + ")");
        }
    }

    /** Hello'd, auto-acknowledging, heart-beating, not reconnecting, plain TCP, with the default limits. */
    public static ClientOptions defaults() {
        return new ClientOptions(
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                Frames.DEFAULT_MAX_BODY,
                true,
                false,
                DEFAULT_CLIENT_NAME,
                true,
                DEFAULT_WRITE_BUFFER_LOW,
                DEFAULT_WRITE_BUFFER_HIGH,
                ReconnectPolicy.disabled(),
                null,
                false,
                false);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ClientOptions withConnectTimeout(Duration value) {
        return toBuilder().connectTimeout(value).build();
    }

    public ClientOptions withRequestTimeout(Duration value) {
        return toBuilder().requestTimeout(value).build();
    }

    public ClientOptions withMaxFrame(int value) {
        return toBuilder().maxFrame(value).build();
    }

    public ClientOptions withAutoAck(boolean value) {
        return toBuilder().autoAck(value).build();
    }

    public ClientOptions withLegacy(boolean value) {
        return toBuilder().legacy(value).build();
    }

    public ClientOptions withClientName(String value) {
        return toBuilder().clientName(value).build();
    }

    public ClientOptions withHeartbeat(boolean value) {
        return toBuilder().heartbeat(value).build();
    }

    public ClientOptions withWriteBuffer(int low, int high) {
        return toBuilder().writeBufferLow(low).writeBufferHigh(high).build();
    }

    public ClientOptions withReconnect(ReconnectPolicy value) {
        return toBuilder().reconnect(value).build();
    }

    /** Connects with TLS as {@code value} says, or over plain TCP when it is null. */
    public ClientOptions withTls(ClientTls value) {
        return toBuilder().tls(value).build();
    }

    /** Over a WebSocket to the server's HTTP port ({@code true}), or plain TCP frames. */
    public ClientOptions withWebSocket(boolean value) {
        return toBuilder().webSocket(value).build();
    }

    public ClientOptions withOnlineListInLogin(boolean value) {
        return toBuilder().onlineListInLogin(value).build();
    }

    /** Switches reconnecting on or off, keeping the rest of the {@link #reconnect()} policy. */
    public ClientOptions withReconnect(boolean enabled) {
        return withReconnect(reconnect.withEnabled(enabled));
    }

    /** The reconnect delay's first and largest cap; see {@link ReconnectPolicy}. */
    public ClientOptions withBackoff(Duration initial, Duration max) {
        return withReconnect(reconnect.withBackoff(initial, max));
    }

    public ClientOptions withJitter(ReconnectPolicy.Jitter value) {
        return withReconnect(reconnect.withJitter(value));
    }

    /** How many unacknowledged sends may wait while the client is reconnecting. */
    public ClientOptions withMaxQueuedSends(int value) {
        return withReconnect(reconnect.withMaxQueuedSends(value));
    }

    /** A mutable copy for changing several settings at once; {@link #build()} validates. */
    public static final class Builder {
        private Duration connectTimeout;
        private Duration requestTimeout;
        private int maxFrame;
        private boolean autoAck;
        private boolean legacy;
        private String clientName;
        private boolean heartbeat;
        private int writeBufferLow;
        private int writeBufferHigh;
        private ReconnectPolicy reconnect;
        private ClientTls tls;
        private boolean onlineListInLogin;
        private boolean webSocket;

        private Builder(ClientOptions c) {
            connectTimeout = c.connectTimeout;
            requestTimeout = c.requestTimeout;
            maxFrame = c.maxFrame;
            autoAck = c.autoAck;
            legacy = c.legacy;
            clientName = c.clientName;
            heartbeat = c.heartbeat;
            writeBufferLow = c.writeBufferLow;
            writeBufferHigh = c.writeBufferHigh;
            reconnect = c.reconnect;
            tls = c.tls;
            onlineListInLogin = c.onlineListInLogin;
            webSocket = c.webSocket;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            requestTimeout = value;
            return this;
        }

        public Builder maxFrame(int value) {
            maxFrame = value;
            return this;
        }

        public Builder autoAck(boolean value) {
            autoAck = value;
            return this;
        }

        public Builder legacy(boolean value) {
            legacy = value;
            return this;
        }

        public Builder clientName(String value) {
            clientName = value;
            return this;
        }

        public Builder heartbeat(boolean value) {
            heartbeat = value;
            return this;
        }

        public Builder writeBufferLow(int value) {
            writeBufferLow = value;
            return this;
        }

        public Builder writeBufferHigh(int value) {
            writeBufferHigh = value;
            return this;
        }

        public Builder reconnect(ReconnectPolicy value) {
            reconnect = value;
            return this;
        }

        public Builder tls(ClientTls value) {
            tls = value;
            return this;
        }

        public Builder onlineListInLogin(boolean value) {
            onlineListInLogin = value;
            return this;
        }

        public Builder webSocket(boolean value) {
            webSocket = value;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(
                    connectTimeout,
                    requestTimeout,
                    maxFrame,
                    autoAck,
                    legacy,
                    clientName,
                    heartbeat,
                    writeBufferLow,
                    writeBufferHigh,
                    reconnect,
                    tls,
                    onlineListInLogin,
                    webSocket);
        }
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}

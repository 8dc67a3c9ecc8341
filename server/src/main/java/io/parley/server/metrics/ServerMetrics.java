package io.parley.server.metrics;

import io.parley.protocol.codec.WireTypes;
import io.parley.protocol.message.ClientMessage;
import io.parley.protocol.message.ErrorMes;
import io.parley.protocol.message.LoginResMes;
import io.parley.protocol.message.RegisterResMes;
import io.parley.protocol.message.ServerMessage;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.DoubleSupplier;

/**
 * What one server counts, in the Prometheus model, for the admin listener's {@code /metrics}
 * (docs/operations.md, "Metrics", lists them all). Each server has its own registry, so that several servers in
 * one JVM (tests, benchmarks) count apart. Every label takes values from a fixed set — message types, status
 * codes, listeners, store operations — never a user id or an address.
 */
public final class ServerMetrics {
    /** Store latency buckets: SQLite reads take tens of microseconds, a Redis round trip a few hundred, fsyncs more. */
    private static final double[] STORE_BUCKETS = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    private final Gauge connections = Gauge.builder()
            .name("parley_connections")
            .help("Connections open now, by listener (tcp, tls, http, https)")
            .labelNames("listener")
            .register(registry);
    private final Counter opened = Counter.builder()
            .name("parley_connections_opened_total")
            .help("Connections admitted, by listener")
            .labelNames("listener")
            .register(registry);
    private final Counter refused = Counter.builder()
            .name("parley_connections_refused_total")
            .help("Connections refused at the accept: over the per-address cap or the server full")
            .labelNames("reason")
            .register(registry);
    private final Counter cutOff = Counter.builder()
            .name("parley_connections_cut_off_total")
            .help("Connections the server closed: first-frame or login deadline missed, silent, slow consumer")
            .labelNames("reason")
            .register(registry);
    private final Counter requests = Counter.builder()
            .name("parley_requests_total")
            .help("Messages received from clients, by type")
            .labelNames("type")
            .register(registry);
    private final Counter sent = Counter.builder()
            .name("parley_messages_sent_total")
            .help("Messages written to clients, by type: deliveries, replies, notices")
            .labelNames("type")
            .register(registry);
    private final Counter refusals = Counter.builder()
            .name("parley_refusals_total")
            .help("Replies that refuse a request, by reply type and status code (docs/protocol.md, Status codes)")
            .labelNames("reply", "code")
            .register(registry);
    private final Histogram storeLatency = Histogram.builder()
            .name("parley_store_operation_seconds")
            .help("Time from a store call to its completion, by store and operation")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(STORE_BUCKETS)
            .labelNames("store", "operation")
            .register(registry);
    private final Counter storeFailures = Counter.builder()
            .name("parley_store_failures_total")
            .help("Store calls that completed with an error, by store and operation")
            .labelNames("store", "operation")
            .register(registry);
    private final Counter adminActions = Counter.builder()
            .name("parley_admin_actions_total")
            .help("Admin commands carried out, by action")
            .labelNames("action")
            .register(registry);

    /** Per message class, the data point its count goes to: a lookup by class, not by label, per message. */
    private final ClassValue<CounterDataPoint> requestsByType = new ClassValue<>() {
        @Override
        protected CounterDataPoint computeValue(Class<?> type) {
            return requests.labelValues(WireTypes.nameOf(type));
        }
    };

    private final ClassValue<CounterDataPoint> sentByType = new ClassValue<>() {
        @Override
        protected CounterDataPoint computeValue(Class<?> type) {
            return sent.labelValues(WireTypes.nameOf(type));
        }
    };

    public ServerMetrics() {
        // Every known series from the start at 0, so that a rate or an alert on one is defined before it first
        // moves.
        for (String listener : new String[] {"tcp", "tls", "http", "https"}) {
            connections.labelValues(listener);
            opened.labelValues(listener);
        }
        for (String reason : new String[] {"address_cap", "server_full"}) {
            refused.labelValues(reason);
        }
        for (String reason : new String[] {"first_frame_deadline", "login_deadline", "silent", "slow_consumer"}) {
            cutOff.labelValues(reason);
        }
        for (String action : new String[] {"kick", "ban", "unban", "reset-password", "delete-user", "backup"}) {
            adminActions.labelValues(action);
        }
    }

    /**
     * The timer of one store operation, its series made once: a call then costs no label lookup. Its failure
     * count is there, at 0, before the first failure.
     */
    public StoreTimer storeTimer(String store, String operation) {
        return new StoreTimer(storeLatency.labelValues(store, operation), storeFailures.labelValues(store, operation));
    }

    /** Times the calls of one store operation. */
    public static final class StoreTimer {
        private final DistributionDataPoint latency;
        private final CounterDataPoint failures;

        private StoreTimer(DistributionDataPoint latency, CounterDataPoint failures) {
            this.latency = latency;
            this.failures = failures;
        }

        /** One call's time and outcome. */
        public void record(long nanos, boolean failed) {
            latency.observe(nanos / 1e9);
            if (failed) {
                failures.inc();
            }
        }
    }

    /**
     * Adds the JVM's own metrics (memory, collections, threads, classes: the {@code jvm_} families of the
     * Prometheus client); a server does, the counting of a test's handler does not need them.
     */
    public ServerMetrics includingJvm() {
        JvmMetrics.builder().register(registry);
        return this;
    }

    /** A connection admitted on {@code listener}; {@link #connectionClosed} follows when it closes. */
    public void connectionOpened(String listener) {
        opened.labelValues(listener).inc();
        connections.labelValues(listener).inc();
    }

    public void connectionClosed(String listener) {
        connections.labelValues(listener).dec();
    }

    /** A connection refused at the accept, {@code reason} in snake case. */
    public void connectionRefused(String reason) {
        refused.labelValues(reason).inc();
    }

    /** A connection the server closed for a limit ({@code first_frame_deadline}, {@code slow_consumer}, …). */
    public void connectionCutOff(String reason) {
        cutOff.labelValues(reason).inc();
    }

    public void received(ClientMessage message) {
        requestsByType.get(message.getClass()).inc();
    }

    /** A message written to a client; a refusal is also counted by its code. */
    public void sent(ServerMessage message) {
        sent(message, 1);
    }

    /** {@code count} messages like {@code message} written to a client in one go (a run of a group's messages). */
    public void sent(ServerMessage message, int count) {
        sentByType.get(message.getClass()).inc(count);
        int code = codeOf(message);
        if (code != 0 && code != 200) {
            refusals.labelValues(WireTypes.nameOf(message), Integer.toString(code))
                    .inc(count);
        }
    }

    private static int codeOf(ServerMessage message) {
        if (message instanceof ErrorMes m) {
            return m.code();
        } else if (message instanceof LoginResMes m) {
            return m.code();
        } else if (message instanceof RegisterResMes m) {
            return m.code();
        }
        return 0;
    }

    public void adminAction(String action) {
        adminActions.labelValues(action).inc();
    }

    /** A value read when scraped: a queue's depth, the sessions on this node, the live nodes. */
    public void gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .callback(callback -> callback.call(value.getAsDouble()))
                .register(registry);
    }

    /** A family of values read when scraped, one per value of {@code label}. */
    public void gauges(String name, String help, String label, java.util.Map<String, DoubleSupplier> values) {
        GaugeWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames(label)
                .callback(callback -> values.forEach((key, value) -> callback.call(value.getAsDouble(), key)))
                .register(registry);
    }

    /** The Prometheus text format's content type. */
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Writes every metric in the Prometheus text format. */
    public void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape(), io.prometheus.metrics.config.EscapingScheme.UNDERSCORE_ESCAPING);
    }
}

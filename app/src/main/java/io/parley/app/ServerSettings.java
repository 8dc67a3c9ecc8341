package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.config.ConfigReader;
import io.parley.server.transport.Backpressure;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@code parley server --config FILE} reads from its properties file: the server's configuration and the
 * transport's backpressure, from one reading of the file. {@link #load(Properties, String)} is the one place
 * that knows which values the file feeds, so that a test can list every key the server reads by handing it
 * a recording {@code Properties} (the release's conf/parley.properties must name them all).
 *
 * @param config       everything but the backpressure thresholds
 * @param backpressure requests in flight and the slow-consumer cut-off
 */
public record ServerSettings(ServerConfig config, Backpressure backpressure) {
    /** Every setting at its default (a fresh random node id). */
    public static ServerSettings defaults() {
        return new ServerSettings(ServerConfig.defaults(), Backpressure.DEFAULTS);
    }

    /** The settings in a properties file; a value that does not parse or validate names the file and the key. */
    public static ServerSettings read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return load(p, file.toString());
    }

    /** The settings in {@code p}, each absent or blank one at its default; {@code source} names them in errors. */
    public static ServerSettings load(Properties p, String source) {
        ServerConfig config = ServerConfig.load(p, source);
        try {
            return new ServerSettings(config, Backpressure.load(new ConfigReader(p), Backpressure.DEFAULTS));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid configuration in " + source + ": " + e.getMessage(), e);
        }
    }
}

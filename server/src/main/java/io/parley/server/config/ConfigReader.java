package io.parley.server.config;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Reads typed settings from a properties file, each with a default when absent, and names the key in the
 * error when a value does not parse. Every part of the server configuration reads its own keys through one.
 */
public final class ConfigReader {
    private final Properties properties;

    public ConfigReader(Properties properties) {
        this.properties = properties;
    }

    public String string(String key, String fallback) {
        String value = properties.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public int integer(String key, int fallback) {
        String value = string(key, null);
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: a whole number)", e);
        }
    }

    public long longValue(String key, long fallback) {
        String value = string(key, null);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: a whole number)", e);
        }
    }

    public double decimal(String key, double fallback) {
        String value = string(key, null);
        try {
            return value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: a number)", e);
        }
    }

    public boolean bool(String key, boolean fallback) {
        String value = string(key, null);
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: true or false)");
        }
        return Boolean.parseBoolean(value);
    }

    public Path path(String key, Path fallback) {
        String value = string(key, null);
        return value == null ? fallback : Path.of(value);
    }
}

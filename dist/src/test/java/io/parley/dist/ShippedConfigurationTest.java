package io.parley.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.ServerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * conf/parley.properties, as shipped, against the server that reads it: it names every key the server reads and
 * no other, each after a line that explains it, at the value the server takes when the key is absent. A new
 * setting in any part of the configuration fails here until the file documents it.
 */
class ShippedConfigurationTest {
    private static final Path SHIPPED = Path.of("src/conf/parley.properties");
    /** A setting, commented out: {@code #key=value}. Explanations have a space after the '#'. */
    private static final Pattern SETTING = Pattern.compile("#([A-Za-z][A-Za-z0-9]*)=(.*)");

    @Test
    void namesEveryKeyTheServerReadsAndNoOther() throws IOException {
        KeyRecorder recorder = new KeyRecorder();

        ServerSettings.load(recorder, "a recording");

        assertThat(shipped().keySet())
                .as("settings in " + SHIPPED + " against the keys the server reads")
                .containsExactlyInAnyOrderElementsOf(recorder.keys);
    }

    @Test
    void eachSettingFollowsALineExplainingIt() throws IOException {
        List<String> lines = Files.readAllLines(SHIPPED, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SETTING.matcher(lines.get(i));
            if (m.matches()) {
                String before = i > 0 ? lines.get(i - 1) : "";
                assertThat(before)
                        .as("the line before " + m.group(1))
                        .startsWith("# ")
                        .hasSizeGreaterThan(12);
            }
        }
    }

    /** Uncommenting every line as it stands changes nothing: the values shown are the defaults. */
    @Test
    void everyValueShownIsTheDefault() throws IOException {
        Properties uncommented = new Properties();
        uncommented.putAll(shipped());

        ServerSettings loaded = ServerSettings.load(uncommented, SHIPPED.toString());
        ServerSettings defaults = ServerSettings.defaults();

        // The node id's default is a fresh random name, different at each start; its blank value keeps that.
        assertThat(loaded.config().nodeId()).startsWith("node-");
        assertThat(new ServerSettings(loaded.config().withNodeId("n"), loaded.backpressure()))
                .isEqualTo(new ServerSettings(defaults.config().withNodeId("n"), defaults.backpressure()));
    }

    /** The commented-out settings of the shipped file, in order. */
    private static Map<String, String> shipped() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(SHIPPED, StandardCharsets.UTF_8)) {
            Matcher m = SETTING.matcher(line);
            if (m.matches()) {
                assertThat(settings.put(m.group(1), m.group(2)))
                        .as("%s twice", m.group(1))
                        .isNull();
            }
        }
        return settings;
    }

    /** Empty properties that note every key asked for: each part of the configuration asks for all of its own. */
    private static final class KeyRecorder extends Properties {
        final Set<String> keys = new TreeSet<>();

        @Override
        public synchronized String getProperty(String key) {
            keys.add(key);
            return super.getProperty(key);
        }

        @Override
        public synchronized String getProperty(String key, String defaultValue) {
            keys.add(key);
            return super.getProperty(key, defaultValue);
        }
    }
}

package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The server's own logging configuration (the logback.xml shipped in the jar, not the tests') escapes
 * user-supplied text: a user name holding a line break and an escape sequence stays on its one line,
 * with the break and the escape visible, in the text lines and in the JSON lines of PARLEY_LOG_FORMAT=json.
 */
class LogEscapingTest {
    @Test
    void aCraftedUserNameCannotForgeALogLine() throws Exception {
        URL shipped = getClass().getClassLoader().getResource("logback.xml");
        assertThat(shipped).as("the server's logback.xml").isNotNull();
        String name = "eve\n12:00:00.000 INFO  Accounts - login user 1 from /10.0.0.1:4000 (1 online)\u001b[2J";

        List<String> lines =
                logged(shipped, null, log -> log.info("registered user {} ({}) from {}", 7, name, "/127.0.0.2:5000"));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0))
                .endsWith(" INFO  Accounts - registered user 7 (eve^J12:00:00.000 INFO  Accounts - login user 1 from "
                        + "/10.0.0.1:4000 (1 online)^[[2J) from /127.0.0.2:5000")
                .doesNotContain("\u001b");
    }

    @Test
    void jsonFormatWritesOneObjectPerLineWithTheMessageWhole() throws Exception {
        URL shipped = getClass().getClassLoader().getResource("logback.xml");
        String name = "eve\n{\"level\":\"ERROR\"}\u001b[2J";

        List<String> lines = logged(shipped, "json", log -> {
            log.info("registered user {} ({})", 7, name);
            log.warn("store slow", new IllegalStateException("queue full"));
        });

        assertThat(lines).hasSize(2);
        JsonNode info = new ObjectMapper().readTree(lines.get(0));
        assertThat(info.get("level").asText()).isEqualTo("INFO");
        assertThat(info.get("loggerName").asText()).isEqualTo("io.parley.server.service.Accounts");
        assertThat(info.get("formattedMessage").asText()).isEqualTo("registered user 7 (" + name + ")");
        assertThat(info.get("timestamp").asLong()).isPositive();
        assertThat(lines.get(0)).doesNotContain("\u001b");
        JsonNode warn = new ObjectMapper().readTree(lines.get(1));
        assertThat(warn.get("level").asText()).isEqualTo("WARN");
        assertThat(warn.get("throwable").get("message").asText()).isEqualTo("queue full");
    }

    @Test
    void anyOtherFormatIsTheTextLines() throws Exception {
        URL shipped = getClass().getClassLoader().getResource("logback.xml");

        List<String> lines = logged(shipped, "JSON", log -> log.info("hello"));

        assertThat(lines).singleElement().asString().matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  Accounts - hello");
    }

    private interface Logging {
        void to(Logger log);
    }

    /**
     * What {@code logging} writes through a fresh logger context configured from {@code config}, with
     * PARLEY_LOG_FORMAT set to {@code format} (null: not set) as a property of that context alone.
     */
    private static List<String> logged(URL config, String format, Logging logging) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        try {
            // The console appender writes to whatever System.err is at the time of each write.
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            if (format != null) {
                context.putProperty("PARLEY_LOG_FORMAT", format);
            }
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(config);
            logging.to(context.getLogger("io.parley.server.service.Accounts"));
        } finally {
            context.stop();
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}

package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.testing.ParleyCli;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of the chaos drill (docs/reliability.md has the long one): 60 users on 3 nodes for 35 s, with
 * nodes killed, Redis restarted and connections dropped. The verdict must be clean, and the chaos must have
 * happened.
 */
class ChaosDrillTest {
    private static final Pattern CHAOS = Pattern.compile(
            "chaos done: (\\d+) node kills, (\\d+) Redis restarts, (\\d+) dropped connections, (\\d+) reconnects");

    @Test
    @Timeout(300)
    void sixtyUsersOnThreeNodesLoseDuplicateAndReorderNothingThroughKillsRestartsAndDrops(@TempDir Path dir) {
        ParleyCli.Result drill = ParleyCli.run(
                "chaos",
                "--users",
                "60",
                "--nodes",
                "3",
                "--groups",
                "6",
                "--duration",
                "35s",
                "--rate",
                "40",
                "--kill-every",
                "12s",
                "--redis-every",
                "20s",
                "--drops",
                "2",
                "--settle",
                "60s",
                "--drain",
                "30s",
                "--seed",
                "7",
                "--dir",
                dir.resolve("cluster").toString());

        assertThat(drill.code).as(drill.out + drill.err).isZero();
        assertThat(drill.out).contains("verdict: clean").contains("60 of 60 users connected");
        Matcher chaos = CHAOS.matcher(drill.out);
        assertThat(chaos.find()).as(drill.out).isTrue();
        assertThat(Integer.parseInt(chaos.group(1))).as("nodes killed").isGreaterThanOrEqualTo(2);
        assertThat(Integer.parseInt(chaos.group(2))).as("Redis restarts").isGreaterThanOrEqualTo(1);
        assertThat(Integer.parseInt(chaos.group(3))).as("connections dropped").isGreaterThan(30);
        assertThat(Long.parseLong(chaos.group(4))).as("reconnects").isGreaterThan(30);
    }
}

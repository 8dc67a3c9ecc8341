package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --servers} entries, and which node each user gets. */
class BenchTargetTest {
    @Test
    void readsHostAndPortAndWritesThemBack() {
        assertThat(BenchTarget.parse("127.0.0.1:8890")).isEqualTo(new BenchTarget("127.0.0.1", 8890));
        assertThat(BenchTarget.parse(" [::1]:8889 ")).isEqualTo(new BenchTarget("::1", 8889));
        assertThat(new BenchTarget("::1", 8889)).hasToString("[::1]:8889");
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        for (String bad : List.of("127.0.0.1", ":8889", "127.0.0.1:", "127.0.0.1:x", "127.0.0.1:0", "h:70000")) {
            assertThatThrownBy(() -> BenchTarget.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void userIGoesToNodeIModN() {
        BenchTarget a = new BenchTarget("127.0.0.1", 8889);
        BenchTarget b = new BenchTarget("127.0.0.1", 8890);
        BenchOptions options = BenchOptions.defaults().withServers(List.of(a, b));

        assertThat(List.of(options.server(0), options.server(1), options.server(2), options.server(3)))
                .containsExactly(a, b, a, b);
        assertThat(BenchOptions.defaults().withTarget("localhost", 1).servers())
                .containsExactly(new BenchTarget("localhost", 1));
        assertThatThrownBy(() -> BenchOptions.defaults().withServers(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.ServerConfig;
import io.parley.server.service.Quotas;
import io.parley.server.service.RateLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The rate and quota flags of {@code parley server}: each changes its own field and leaves the others be. */
class RateAndQuotaFlagsTest {
    @Test
    void givenFlagsSetTheirFieldsAndTheRestKeepTheConfiguredValues() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command)
                .parseArgs(
                        "--messages-per-second",
                        "2.5",
                        "--request-burst",
                        "7",
                        "--offline-bytes",
                        "1000",
                        "--members-per-group",
                        "30");
        ServerConfig.Builder config = ServerConfig.defaults().withQuotas(new Quotas(99, 5000, 9, 10)).toBuilder();

        command.rates.applyTo(config);
        command.quotas.applyTo(config);

        ServerConfig built = config.build();
        assertThat(built.rates()).isEqualTo(new RateLimits(2.5, 50, 5, 7));
        assertThat(built.quotas()).isEqualTo(new Quotas(99, 1000, 9, 30));
    }

    @Test
    void noFlagsChangeNothing() {
        ServerCommand command = new ServerCommand();
        new CommandLine(command).parseArgs();
        ServerConfig.Builder config = ServerConfig.defaults().toBuilder();

        command.rates.applyTo(config);
        command.quotas.applyTo(config);

        assertThat(config.build().rates()).isEqualTo(RateLimits.DEFAULTS);
        assertThat(config.build().quotas()).isEqualTo(Quotas.DEFAULTS);
    }
}

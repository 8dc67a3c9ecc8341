package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.parley.client.ClientOptions;
import io.parley.client.Transport;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The end-of-run audit, on users that never connect: their sent ledgers and inboxes are filled by hand. */
class BenchAuditTest {
    private final EventLoopGroup group = Transport.newGroup(1, "audit-test");
    private final Tally tally = new Tally();
    private final Content content = new Content("run", 16);

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private BenchUser user(int index) {
        return new BenchUser(index, 100 + index, 100, content, tally, group, ClientOptions.defaults());
    }

    @Test
    void anAcknowledgedMessageNobodyReceivedIsLost() {
        BenchUser sender = user(0);
        BenchUser a = user(1);
        BenchUser b = user(2);
        for (int n = 1; n <= 3; n++) {
            sender.sent.next(7);
            sender.sent.acknowledged(7, n);
        }
        sender.sent.next(7); // sent, never acknowledged: owed to nobody
        a.inbox.accept(0, 1, null, 0);
        a.inbox.accept(0, 2, null, 0);
        a.inbox.accept(0, 3, null, 0);
        b.inbox.accept(0, 1, null, 0);
        b.inbox.accept(0, 3, null, 0);

        Audit.Outcome outcome = Audit.of(List.of(sender), (s, destination) -> List.of(a, b));

        assertThat(outcome.expected()).isEqualTo(6);
        assertThat(outcome.lost()).isEqualTo(1);
    }

    @Test
    void nothingSentNothingOwed() {
        Audit.Outcome outcome = Audit.of(List.of(user(0)), (s, destination) -> List.of(user(1)));

        assertThat(outcome.expected()).isZero();
        assertThat(outcome.lost()).isZero();
    }
}

package io.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.app.ChaosLedger.Kind;
import io.parley.app.ChaosLedger.Sent;
import io.parley.app.ChaosLedger.Tally;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The drill's judge: that it passes a clean run, and fails each way a run can break the contract. */
class ChaosLedgerTest {
    private final ChaosLedger ledger = new ChaosLedger();

    private Sent sentAndAcked(Kind kind, int from, String to, long n) {
        Sent m = new Sent(kind, from, to, n);
        ledger.sent(m);
        ledger.acknowledged(m);
        return m;
    }

    @Test
    void everyAcknowledgedMessageDeliveredOnceInOrderIsClean() {
        ledger.members("dev", Set.of(1, 2, 3));
        for (long n = 1; n <= 3; n++) {
            ledger.arrived(2, sentAndAcked(Kind.PRIVATE, 1, "2", n).text());
            Sent g = sentAndAcked(Kind.GROUP, 1, "dev", n);
            ledger.arrived(2, g.text());
            ledger.arrived(3, g.text());
        }

        Map<Kind, Tally> verdict = ledger.judge();

        assertThat(verdict.get(Kind.PRIVATE)).isEqualTo(new Tally(3, 3, 0, 3, 0, 0, 0, 3));
        assertThat(verdict.get(Kind.GROUP).expected())
                .as("the sender is not a recipient")
                .isEqualTo(6);
        assertThat(verdict.values()).allMatch(Tally::clean);
        assertThat(printed(verdict)).contains("verdict: clean");
    }

    @Test
    void anAcknowledgedMessageThatNeverArrivesIsLost() {
        ledger.members("dev", Set.of(1, 2, 3));
        sentAndAcked(Kind.PRIVATE, 1, "2", 1);
        Sent g = sentAndAcked(Kind.GROUP, 1, "dev", 1);
        ledger.arrived(2, g.text());

        Map<Kind, Tally> verdict = ledger.judge();

        assertThat(verdict.get(Kind.PRIVATE).lost()).isEqualTo(1);
        assertThat(verdict.get(Kind.GROUP).lost()).as("member 3 never got it").isEqualTo(1);
        assertThat(printed(verdict)).contains("CONTRACT BROKEN");
    }

    @Test
    void aMessageDeliveredTwiceIsADuplicateAndOneOvertakenIsOutOfOrder() {
        Sent first = sentAndAcked(Kind.PRIVATE, 1, "2", 1);
        Sent second = sentAndAcked(Kind.PRIVATE, 1, "2", 2);
        ledger.arrived(2, second.text());
        ledger.arrived(2, first.text());
        ledger.arrived(2, first.text());

        Tally t = ledger.judge().get(Kind.PRIVATE);

        assertThat(t.duplicated()).isEqualTo(1);
        assertThat(t.outOfOrder()).isEqualTo(1);
        assertThat(t.lost()).isZero();
        assertThat(t.clean()).isFalse();
    }

    @Test
    void eachDuplicateAndReorderIsListedWithWhereTheServerPutTheCopiesAndOverWhichConnection() {
        Sent first = sentAndAcked(Kind.GROUP, 1, "dev", 1);
        Sent second = sentAndAcked(Kind.GROUP, 1, "dev", 2);
        ledger.arrived(2, second.text(), 11, 501, 0);
        ledger.arrived(2, first.text(), 10, 500, 1);
        ledger.arrived(2, first.text(), 10, 500, 1);

        assertThat(ledger.anomalies(10))
                .hasSize(2)
                .satisfiesExactly(
                        reorder -> assertThat(reorder)
                                .startsWith("out of order: user 2 got g|1|dev #1 (seq 10, msgId 500, connection 1")
                                .contains("after #2 (seq 11, msgId 501, connection 0"),
                        duplicate -> assertThat(duplicate).startsWith("duplicate: user 2 got g|1|dev #1 (seq 10"));
        assertThat(ledger.anomalies(1)).as("at most as many as asked").hasSize(1);
    }

    @Test
    void anUnacknowledgedMessageIsCountedApartAndABroadcastMissedIsReachNotLoss() {
        ledger.sent(new Sent(Kind.PRIVATE, 1, "2", 1));
        Sent all = sentAndAcked(Kind.BROADCAST, 1, "all", 1);
        ledger.arrived(2, all.text());

        Map<Kind, Tally> verdict = ledger.judge();

        assertThat(verdict.get(Kind.PRIVATE).unacknowledged()).isEqualTo(1);
        assertThat(verdict.get(Kind.PRIVATE).lost()).isZero();
        assertThat(verdict.get(Kind.BROADCAST).delivered()).isEqualTo(1);
        assertThat(verdict.values()).allMatch(Tally::clean);

        ledger.arrived(2, all.text());
        assertThat(ledger.judge().get(Kind.BROADCAST).duplicated())
                .as("a broadcast twice is still a duplicate")
                .isEqualTo(1);
    }

    @Test
    void textThatIsNotTheDrillsIsIgnored() {
        ledger.arrived(2, "hello");
        ledger.arrived(2, "x|1|2|3");

        assertThat(ledger.judge().values()).allMatch(t -> t.delivered() == 0);
    }

    private static String printed(Map<Kind, Tally> verdict) {
        StringWriter out = new StringWriter();
        ChaosLedger.print(verdict, new PrintWriter(out));
        return out.toString();
    }
}

package io.parley.bench;

import java.time.Duration;
import java.util.List;

/**
 * The messaging phase the private and group workloads share: send for a while, wait for the last
 * acknowledgements and the deliveries still on the way, log everyone out, audit.
 */
final class Conversation {
    record Outcome(Deliveries deliveries, Costs costs) {}

    private Conversation() {}

    /**
     * @param fanout how many recipients each acknowledged message has, to know when the drain is done
     */
    static Outcome run(
            BenchRun run,
            Fleet fleet,
            List<BenchUser> users,
            List<BenchUser> senders,
            Pace pace,
            Duration duration,
            Driver.Route route,
            long fanout,
            Audit.Recipients recipients,
            Workload.Entry entry) {
        Driver driver = new Driver(run, pace, senders, route);
        run.progress.phase("send", run.messageStatus());
        Snapshot before = run.snapshot();
        driver.start();
        BenchRun.sleep(duration);
        driver.stop();
        run.progress.phase("drain", run.messageStatus());
        BenchRun.await(driver::quiet, BenchRun.REQUEST_TIMEOUT.plusSeconds(1));
        BenchRun.await(
                () -> run.tally.delivered.sum() >= run.tally.acknowledged.sum() * fanout, run.options.drainTimeout());
        Snapshot after = run.snapshot();
        fleet.leave(users);
        run.barrier();
        Audit.Outcome audit = Audit.of(senders, recipients);
        Deliveries deliveries = Deliveries.of(run.tally, audit, secondsToLastDelivery(run, before, after));
        return new Outcome(deliveries, Costs.of(entry, before, after, deliveries.delivered()));
    }

    /** From {@code start} to the last delivery; the whole phase when nothing was delivered. */
    static double secondsToLastDelivery(BenchRun run, Snapshot start, Snapshot end) {
        long last = run.tally.lastDelivery();
        long until = last != 0 && last - start.nanos() > 0 ? last : end.nanos();
        return (until - start.nanos()) / 1e9;
    }
}

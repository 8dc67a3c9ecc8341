package io.parley.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary a person reads at the end of a run: one row per measure, aligned. */
public final class ResultTable {
    private ResultTable() {}

    public static void print(BenchResult r, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        StringBuilder params = new StringBuilder();
        r.parameters().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> params.append(params.length() == 0 ? "" : "  ")
                        .append(e.getKey())
                        .append('=')
                        .append(e.getValue()));
        rows.add(row("workload", r.workload()));
        rows.add(row("parameters", params.toString()));
        Registration reg = r.registration();
        rows.add(row(
                "registration",
                f(
                                "created %d, existing %d, failed %d in %.2f s",
                                reg.created(), reg.existing(), reg.failed(), reg.seconds())
                        + (reg.firstError() == null ? "" : "; first error: " + reg.firstError())));
        rows.add(row("logins", logins(r.logins())));
        rows.add(row("login latency ms", latency(r.logins().latency())));
        if (r.resumeLogins() != null) {
            rows.add(row("resume logins", logins(r.resumeLogins())));
            rows.add(row("resume latency ms", latency(r.resumeLogins().latency())));
        }
        Deliveries d = r.deliveries();
        if (d.sent() > 0 || d.delivered() > 0) {
            rows.add(row(
                    "messages",
                    f(
                            "sent %d, acknowledged %d, failed %d, skipped %d",
                            d.sent(), d.acknowledged(), d.failed(), d.skipped())));
            rows.add(row(
                    "delivered",
                    f(
                            "%d of %d expected in %.2f s = %.1f msg/s",
                            d.delivered(), d.expected(), d.seconds(), d.perSecond())));
            rows.add(row("latency ms", latency(d.latency())));
            rows.add(row(
                    "lost/dup/ooo",
                    f(
                            "%d / %d / %d  (%s)",
                            d.lost(),
                            d.duplicated(),
                            d.outOfOrder(),
                            d.contractHeld() ? "contract held" : "CONTRACT BROKEN")));
            if (d.outOfOrder() > 0) {
                rows.add(row(
                        "out of order",
                        f(
                                "%d against the log's seq, %d against the sender's order only",
                                d.outOfLogOrder(), d.outOfOrder() - d.outOfLogOrder())));
            }
            if (!d.lostExamples().isEmpty()) {
                rows.add(row("lost, e.g.", String.join(", ", d.lostExamples())));
            }
        }
        rows.add(row(
                "other",
                f(
                        "%d stale messages, %d dropped connections, %d undecodable frames",
                        d.stale(), d.dropped(), d.badFrames())));
        Costs c = r.costs();
        rows.add(row(
                "server cpu",
                f("%s µs/message, %s µs/login", num(c.serverCpuMicrosPerMessage()), num(c.serverCpuMicrosPerLogin()))
                        + (r.resumeLogins() == null ? "" : f(", %s µs/resume", num(c.serverCpuMicrosPerResume())))));
        rows.add(row("server memory", f("%s KiB/connection", num(c.serverRssKbPerConnection()))));
        rows.add(row(
                "bench cpu",
                f("%s µs/message", num(c.benchCpuMicrosPerMessage()))
                        + (r.resumeLogins() == null ? "" : f(", %s µs/resume", num(c.benchCpuMicrosPerResume())))));
        r.extra().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> rows.add(row(
                        e.getKey(),
                        e.getValue() instanceof LatencySummary l
                                ? "ms " + latency(l)
                                : e.getValue() instanceof Double x ? num(x) : String.valueOf(e.getValue()))));
        int width = rows.stream().mapToInt(x -> x[0].length()).max().orElse(0);
        for (String[] row : rows) {
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %s", row[0], row[1]));
        }
    }

    private static String logins(Logins in) {
        return f(
                        "%d of %d, failed %d in %.2f s = %.1f/s",
                        in.succeeded(), in.attempted(), in.failed(), in.seconds(), in.perSecond())
                + (in.firstError() == null ? "" : "; first error: " + in.firstError());
    }

    private static String latency(LatencySummary l) {
        if (l.count() == 0) {
            return "-";
        }
        return f(
                "p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  (n=%d)",
                l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.count());
    }

    private static String num(Double value) {
        return value == null ? "-" : f("%.1f", value);
    }

    private static String[] row(String name, String value) {
        return new String[] {name, value};
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

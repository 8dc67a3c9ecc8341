package io.parley.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of a latency histogram recorded in nanoseconds, in milliseconds. */
public record LatencySummary(long count, double p50, double p90, double p99, double p999, double max, double mean) {
    private static final double NANOS_PER_MILLI = 1_000_000.0;

    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0, 0);

    static LatencySummary of(Histogram nanos) {
        if (nanos.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(
                nanos.getTotalCount(),
                ms(nanos.getValueAtPercentile(50)),
                ms(nanos.getValueAtPercentile(90)),
                ms(nanos.getValueAtPercentile(99)),
                ms(nanos.getValueAtPercentile(99.9)),
                ms(nanos.getMaxValue()),
                nanos.getMean() / NANOS_PER_MILLI);
    }

    private static double ms(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}

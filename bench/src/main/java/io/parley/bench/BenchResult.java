package io.parley.bench;

import java.util.Map;

/**
 * Everything a run measured, for the summary table and {@code --json}.
 *
 * @param workload     the workload's name
 * @param parameters   its sizes and the options that shape the load
 * @param registration how creating the accounts went
 * @param logins       how the measured password logins went (for {@code offline}, the recipients' logins)
 * @param resumeLogins how the resume-token logins went ({@code connect --resume}); null when there were none
 * @param deliveries   what happened to the messages; all zero for {@code connect}
 * @param costs        CPU and memory, where measured
 * @param extra        what only this workload measures, by name
 */
public record BenchResult(
        String workload,
        Map<String, Object> parameters,
        Registration registration,
        Logins logins,
        Logins resumeLogins,
        Deliveries deliveries,
        Costs costs,
        Map<String, Object> extra) {
    public BenchResult {
        parameters = Map.copyOf(parameters);
        extra = Map.copyOf(extra);
    }

    /** A result without resume logins, as every workload but {@code connect --resume} has. */
    public BenchResult(
            String workload,
            Map<String, Object> parameters,
            Registration registration,
            Logins logins,
            Deliveries deliveries,
            Costs costs,
            Map<String, Object> extra) {
        this(workload, parameters, registration, logins, null, deliveries, costs, extra);
    }

    /** The delivery contract held: nothing lost, duplicated or out of order. */
    public boolean contractHeld() {
        return deliveries.contractHeld();
    }
}

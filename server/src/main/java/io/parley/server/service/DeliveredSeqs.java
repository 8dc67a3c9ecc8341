package io.parley.server.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest seq handed to one connection in each log it has seen, which is what a live push at or below it is a
 * repeat of. The first two logs are held in fields and only a third brings a map: most sessions know their inbox
 * and perhaps one group, and a HashMap with one entry costs an idle connection about 100 bytes. Logs are never
 * forgotten, so the slots fill in order. Confined to the session's event loop, as the session is.
 */
final class DeliveredSeqs {
    private String firstLog;
    private Long firstSeq;
    private String secondLog;
    private Long secondSeq;
    /** Every log after the first two; null until there is one. */
    private Map<String, Long> more;

    /** The highest seq of {@code log} handed over, or null when none was. */
    Long upTo(String log) {
        if (log.equals(firstLog)) {
            return firstSeq;
        }
        if (log.equals(secondLog)) {
            return secondSeq;
        }
        return more == null ? null : more.get(log);
    }

    /** Records {@code seq} unless a higher one of {@code log} was handed over already. */
    void raise(String log, long seq) {
        Long known = upTo(log);
        if (known == null || known < seq) {
            set(log, seq);
        }
    }

    /** Records {@code seq} as it is: the caller knows it is past {@link #upTo} (and shares one boxed seq). */
    void set(String log, Long seq) {
        if (log.equals(firstLog)) {
            firstSeq = seq;
        } else if (log.equals(secondLog)) {
            secondSeq = seq;
        } else if (firstLog == null) {
            firstLog = log;
            firstSeq = seq;
        } else if (secondLog == null) {
            secondLog = log;
            secondSeq = seq;
        } else {
            if (more == null) {
                more = new HashMap<>(4);
            }
            more.put(log, seq);
        }
    }

    /** Every log seen, the first two first. */
    List<String> logs() {
        List<String> logs = new ArrayList<>(2 + (more == null ? 0 : more.size()));
        if (firstLog != null) {
            logs.add(firstLog);
        }
        if (secondLog != null) {
            logs.add(secondLog);
        }
        if (more != null) {
            logs.addAll(more.keySet());
        }
        return logs;
    }
}
